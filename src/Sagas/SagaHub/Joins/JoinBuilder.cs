namespace SagaHub;

/// <summary>Declares the messages a join waits for.</summary>
/// <typeparam name="TData">The saga's data.</typeparam>
public sealed class JoinBuilder<TData>
    where TData : class
{
    private readonly JoinModel<TData> join;

    internal JoinBuilder(JoinModel<TData> join) => this.join = join;

    /// <summary>Awaits <typeparamref name="TMessage"/>; <paramref name="onArrival"/> runs when it arrives (to keep what it carries).</summary>
    /// <typeparam name="TMessage">The awaited message.</typeparam>
    /// <param name="onArrival">Optional action on arrival.</param>
    /// <returns>This builder.</returns>
    public JoinBuilder<TData> Of<TMessage>(Action<SagaContext<TData, TMessage>>? onArrival = null)
        where TMessage : class
    {
        join.Members.Add((
            typeof(TMessage),
            onArrival is null ? null : ctx => onArrival((SagaContext<TData, TMessage>)ctx),
            static (args, message) => new SagaContext<TData, TMessage>(args.SagaId, args.Data, args.State, args.Now, args.Effects, (TMessage)message, args.MessageId)));
        return this;
    }
}
