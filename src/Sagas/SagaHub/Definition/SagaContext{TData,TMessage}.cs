namespace SagaHub;

/// <summary>The context of a transition: everything in <see cref="SagaContext{TData}"/> plus the message that triggered it.</summary>
/// <typeparam name="TData">The saga's persisted data.</typeparam>
/// <typeparam name="TMessage">The trigger's message type.</typeparam>
public sealed class SagaContext<TData, TMessage> : SagaContext<TData>
    where TData : class
{
    internal SagaContext(Guid sagaId, TData data, string state, DateTimeOffset now, FireEffects effects, TMessage message, Guid messageId)
        : base(sagaId, data, state, now, effects)
    {
        Message = message;
        MessageId = messageId;
    }

    /// <summary>The message that triggered the transition.</summary>
    public TMessage Message { get; }

    /// <summary>The triggering message's id (the inbox key).</summary>
    public Guid MessageId { get; }
}
