using System.Text.Json;

namespace SagaHub;

/// <content>Firing messages at an instance without a bus (the interpreter is <see cref="SagaInterpreter{TData, TStatus}"/>).</content>
public abstract partial class SagaDefinition<TData, TStatus>
{
    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private SagaInterpreter<TData, TStatus>? interpreter;

    /// <summary>Creates a saga instance that no message has started yet (for a pure unit test).</summary>
    /// <param name="sagaId">Its correlation id.</param>
    /// <returns>The instance; fire an initiating message at it first.</returns>
    public SagaInstance<TData, TStatus> NewInstance(Guid sagaId) => new(sagaId, new TData());

    /// <summary>
    /// Fires one message at an instance, without a bus; what the transition sends is returned in
    /// <see cref="FireResult.Outgoing"/>.
    /// </summary>
    /// <remarks>
    /// Runs guards, actions, compensations, exit and entry actions, sets the deadline and appends history. The definition
    /// is validated on first use.
    /// </remarks>
    /// <typeparam name="TMessage">The message type as the saga declares it (for example <c>CommandFault&lt;ChargePayment&gt;</c>).</typeparam>
    /// <param name="instance">The instance; changed in place.</param>
    /// <param name="message">The message.</param>
    /// <param name="messageId">Its id; a new one when omitted.</param>
    /// <param name="at">The time of the transition; now when omitted.</param>
    /// <returns>What happened.</returns>
    /// <exception cref="SagaNotFoundException">The instance has not started and the message cannot start it.</exception>
    /// <exception cref="SagaExecutionException">Two guards passed at once, or a command has no route.</exception>
    public FireResult Fire<TMessage>(SagaInstance<TData, TStatus> instance, TMessage message, Guid? messageId = null, DateTimeOffset? at = null)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(instance);
        ArgumentNullException.ThrowIfNull(message);
        return FireCore(instance, typeof(TMessage), message, messageId ?? Guid.NewGuid(), at ?? TimeProvider.System.GetUtcNow());
    }

    /// <summary>Fires the instance's pending deadline (timeout, task escalation or expiry) as if its timer had come due.</summary>
    /// <param name="instance">The instance; it must have a deadline.</param>
    /// <param name="at">The time; the deadline's due time when omitted.</param>
    /// <returns>What happened.</returns>
    public FireResult FireDeadline(SagaInstance<TData, TStatus> instance, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(instance);
        var deadline = instance.Deadline ?? throw new InvalidOperationException($"Saga '{Name}' {instance.Id} in state {instance.Status} has no pending deadline.");
        return Fire(instance, new SagaTimeoutElapsed(Name, instance.Id, deadline.Id, deadline.DueAt), null, at ?? deadline.DueAt);
    }

    internal FireResult FireCore(SagaInstance<TData, TStatus> instance, Type messageType, object message, Guid messageId, DateTimeOffset now)
    {
        Validate();
        var interpreter = this.interpreter ??= new SagaInterpreter<TData, TStatus>();
        return interpreter.Fire(new FireScope<TData, TStatus>(this, instance, messageType, message, messageId, now));
    }
}
