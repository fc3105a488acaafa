namespace SagaHub;

/// <summary>Declares one transition: its guard, actions, compensation and target state.</summary>
/// <typeparam name="TData">The saga's data.</typeparam>
/// <typeparam name="TStatus">The saga's states.</typeparam>
/// <typeparam name="TMessage">The trigger's message.</typeparam>
public sealed class TransitionBuilder<TData, TStatus, TMessage> : StateBuilder<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
    where TMessage : class
{
    private readonly TransitionModel<TData, TStatus> transition;

    internal TransitionBuilder(SagaDefinition<TData, TStatus> definition, IReadOnlyList<StateModel<TData, TStatus>> states, TransitionModel<TData, TStatus> transition)
        : base(definition, states) => this.transition = transition;

    /// <summary>Takes this transition only when <paramref name="guard"/> holds; otherwise the message is rejected with <paramref name="reason"/> (unless another branch applies).</summary>
    /// <param name="guard">The condition, on data and message. Must not have side effects.</param>
    /// <param name="reason">The condition in words, shown in diagrams, history and logs.</param>
    /// <returns>This transition.</returns>
    public TransitionBuilder<TData, TStatus, TMessage> If(Func<SagaContext<TData, TMessage>, bool> guard, string reason)
    {
        ArgumentNullException.ThrowIfNull(guard);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (transition.Guard is not null || transition.IsOtherwise)
        {
            Definition.DeclarationError($"state {StateModel.Name}, trigger {transition.TriggerName}: a transition takes one If(...) or Otherwise(), not both or two");
        }

        transition.Guard = ctx => guard((SagaContext<TData, TMessage>)ctx);
        transition.GuardReason = reason;
        return this;
    }

    /// <summary>The branch taken when no guard of this trigger holds.</summary>
    /// <returns>This transition.</returns>
    public TransitionBuilder<TData, TStatus, TMessage> Otherwise()
    {
        if (transition.Guard is not null)
        {
            Definition.DeclarationError($"state {StateModel.Name}, trigger {transition.TriggerName}: a transition takes one If(...) or Otherwise(), not both");
        }

        transition.IsOtherwise = true;
        return this;
    }

    /// <summary>The branch taken when no guard of this trigger holds, with a label for the diagrams and the history (<c>Otherwise("out of stock")</c>).</summary>
    /// <param name="label">What the branch means.</param>
    /// <returns>This transition.</returns>
    public TransitionBuilder<TData, TStatus, TMessage> Otherwise(string label)
    {
        if (string.IsNullOrWhiteSpace(label))
        {
            Definition.DeclarationError($"state {StateModel.Name}, trigger {transition.TriggerName}: Otherwise(label) needs a label; use Otherwise() for none");
        }

        Otherwise();
        transition.GuardReason = label;
        return this;
    }

    /// <summary>Runs an action during the transition (before the target's entry actions).</summary>
    /// <param name="action">The action: change data, send, publish.</param>
    /// <returns>This transition.</returns>
    public TransitionBuilder<TData, TStatus, TMessage> Then(Action<SagaContext<TData, TMessage>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        transition.Actions.Add(ctx => action((SagaContext<TData, TMessage>)ctx));
        return this;
    }

    /// <summary>Sends a command during the transition, to the queue declared with <c>SendTo</c>.</summary>
    /// <typeparam name="TCommand">The command type.</typeparam>
    /// <param name="command">Builds the command.</param>
    /// <returns>This transition.</returns>
    public TransitionBuilder<TData, TStatus, TMessage> Send<TCommand>(Func<SagaContext<TData, TMessage>, TCommand> command)
        where TCommand : class
    {
        ArgumentNullException.ThrowIfNull(command);
        return Then(ctx => ctx.Send(command(ctx)));
    }

    /// <summary>Publishes an event during the transition.</summary>
    /// <typeparam name="TEvent">The event type.</typeparam>
    /// <param name="event">Builds the event.</param>
    /// <returns>This transition.</returns>
    public TransitionBuilder<TData, TStatus, TMessage> Publish<TEvent>(Func<SagaContext<TData, TMessage>, TEvent> @event)
        where TEvent : class
    {
        ArgumentNullException.ThrowIfNull(@event);
        return Then(ctx => ctx.Publish(@event(ctx)));
    }

    /// <summary>
    /// Registers the undo of the step this transition completes: the command is built now, kept
    /// on the saga's compensation stack, and sent only if a later transition calls <see cref="Compensate"/>.
    /// </summary>
    /// <typeparam name="TCommand">The undo command; routed with <c>SendTo</c>.</typeparam>
    /// <param name="undo">Builds the undo command.</param>
    /// <returns>This transition.</returns>
    public TransitionBuilder<TData, TStatus, TMessage> CompensateWith<TCommand>(Func<SagaContext<TData, TMessage>, TCommand> undo)
        where TCommand : class
    {
        ArgumentNullException.ThrowIfNull(undo);
        Definition.RegisterCompensationType(typeof(TCommand));
        transition.Compensations.Add((typeof(TCommand), ctx => undo((SagaContext<TData, TMessage>)ctx), null));
        return this;
    }

    /// <summary>
    /// Undoes every completed step, newest first, in the state declared with <c>Compensating(...)</c>,
    /// then enters the state given to <see cref="GoTo"/>.
    /// </summary>
    /// <returns>This transition.</returns>
    public TransitionBuilder<TData, TStatus, TMessage> Compensate()
    {
        transition.Compensate = true;
        return this;
    }

    /// <summary>The state this transition enters (after compensating, if <see cref="Compensate"/> was called).</summary>
    /// <param name="target">The target state.</param>
    /// <returns>This transition; continue with the state's next trigger.</returns>
    public TransitionBuilder<TData, TStatus, TMessage> GoTo(TStatus target)
    {
        if (transition.HasTarget || transition.Stays)
        {
            Definition.DeclarationError($"state {StateModel.Name}, trigger {transition.TriggerName}: the target is declared twice");
        }

        transition.Target = target;
        Definition.State(target); // known from here on, so validation can name it if it has no block
        return this;
    }

    /// <summary>Stays in the current state (no exit or entry actions, the timeout keeps running).</summary>
    /// <returns>This transition.</returns>
    public TransitionBuilder<TData, TStatus, TMessage> Stay()
    {
        if (transition.HasTarget || transition.Stays)
        {
            Definition.DeclarationError($"state {StateModel.Name}, trigger {transition.TriggerName}: the target is declared twice");
        }

        transition.Stays = true;
        return this;
    }
}
