namespace SagaHub;

/// <summary>Declares the messages a join waits for.</summary>
/// <typeparam name="TData">The saga's data.</typeparam>
public sealed class JoinBuilder<TData>
    where TData : class
{
    private readonly JoinModel<TData> join;
    private readonly Action<Type> registerCompensation;

    internal JoinBuilder(JoinModel<TData> join, Action<Type> registerCompensation)
    {
        this.join = join;
        this.registerCompensation = registerCompensation;
    }

    /// <summary>Awaits <typeparamref name="TMessage"/>; <paramref name="onArrival"/> runs when it arrives (to keep what it carries).</summary>
    /// <typeparam name="TMessage">The awaited message.</typeparam>
    /// <param name="onArrival">Optional action on arrival.</param>
    /// <returns>This builder.</returns>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("ApiDesign", "RS0027:API with optional parameter(s) should have the most parameters amongst its public overloads", Justification = "The other overloads differ in generic arity (Of<TMessage, TCommand>), so no call binds differently.")]
    public JoinBuilder<TData> Of<TMessage>(Action<SagaContext<TData, TMessage>>? onArrival = null)
        where TMessage : class
    {
        join.Members.Add((
            typeof(TMessage),
            onArrival is null ? null : ctx => onArrival((SagaContext<TData, TMessage>)ctx),
            static (args, message) => new SagaContext<TData, TMessage>(args.SagaId, args.Data, args.State, args.Now, args.Effects, (TMessage)message, args.MessageId)));
        return this;
    }

    /// <summary>Awaits <typeparamref name="TMessage"/>, whose arrival is a completed step: it registers its undo on the compensation stack, as a transition's <c>CompensateWith</c> does.</summary>
    /// <typeparam name="TMessage">The awaited message.</typeparam>
    /// <typeparam name="TCommand">The undo command (routed by <c>SendTo</c>).</typeparam>
    /// <param name="compensateWith">Makes the undo command from the arrival.</param>
    /// <returns>This builder.</returns>
    public JoinBuilder<TData> Of<TMessage, TCommand>(Func<SagaContext<TData, TMessage>, TCommand> compensateWith)
        where TMessage : class
        where TCommand : class => Of(compensateWith, null);

    /// <summary>Like <see cref="Of{TMessage, TCommand}(Func{SagaContext{TData, TMessage}, TCommand})"/>, with an action on arrival.</summary>
    /// <typeparam name="TMessage">The awaited message.</typeparam>
    /// <typeparam name="TCommand">The undo command (routed by <c>SendTo</c>).</typeparam>
    /// <param name="compensateWith">Makes the undo command from the arrival.</param>
    /// <param name="onArrival">The action on arrival (to keep what it carries); null for none.</param>
    /// <returns>This builder.</returns>
    public JoinBuilder<TData> Of<TMessage, TCommand>(Func<SagaContext<TData, TMessage>, TCommand> compensateWith, Action<SagaContext<TData, TMessage>>? onArrival)
        where TMessage : class
        where TCommand : class
    {
        ArgumentNullException.ThrowIfNull(compensateWith);
        Of(onArrival);
        registerCompensation(typeof(TCommand));
        join.Undo[typeof(TMessage)] = (typeof(TCommand), ctx => compensateWith((SagaContext<TData, TMessage>)ctx));
        return this;
    }
}
