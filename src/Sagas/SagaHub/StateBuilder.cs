using MassTransit;

namespace SagaHub;

/// <summary>Declares one state: entry and exit actions, the triggers it accepts, what it ignores, a timeout, a join or a human task.</summary>
/// <typeparam name="TData">The saga's data.</typeparam>
/// <typeparam name="TStatus">The saga's states.</typeparam>
public class StateBuilder<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    internal StateBuilder(SagaDefinition<TData, TStatus> definition, StateModel<TData, TStatus> state)
    {
        Definition = definition;
        StateModel = state;
    }

    internal SagaDefinition<TData, TStatus> Definition { get; }

    internal StateModel<TData, TStatus> StateModel { get; }

    /// <summary>Runs when the saga enters this state (after the transition's own actions): send the state's commands here.</summary>
    /// <param name="action">The action.</param>
    /// <returns>This state.</returns>
    public StateBuilder<TData, TStatus> OnEnter(Action<SagaContext<TData>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        StateModel.OnEnter.Add(action);
        return this;
    }

    /// <summary>Runs when the saga leaves this state.</summary>
    /// <param name="action">The action.</param>
    /// <returns>This state.</returns>
    public StateBuilder<TData, TStatus> OnExit(Action<SagaContext<TData>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        StateModel.OnExit.Add(action);
        return this;
    }

    /// <summary>Accepts <typeparamref name="TMessage"/> in this state. Declare several for one message, each with a guard (<c>If</c>) and at most one <c>Otherwise()</c>.</summary>
    /// <typeparam name="TMessage">The trigger.</typeparam>
    /// <returns>The transition.</returns>
    public TransitionBuilder<TData, TStatus, TMessage> On<TMessage>()
        where TMessage : class => Add<TMessage>(TriggerKind.Message, typeof(TMessage).Name);

    /// <summary>Accepts the fault of a command this saga sent: it failed in its service after every retry.</summary>
    /// <typeparam name="TCommand">The command that failed; correlate it with <c>Correlate&lt;TCommand&gt;</c>.</typeparam>
    /// <returns>The transition.</returns>
    public TransitionBuilder<TData, TStatus, Fault<TCommand>> OnFault<TCommand>()
        where TCommand : class => Add<Fault<TCommand>>(TriggerKind.Message, $"Fault<{typeof(TCommand).Name}>");

    /// <summary>Ignores <typeparamref name="TMessage"/> in this state on purpose: it is consumed, recorded as ignored, and changes nothing.</summary>
    /// <typeparam name="TMessage">The message to ignore.</typeparam>
    /// <returns>This state.</returns>
    public StateBuilder<TData, TStatus> Ignore<TMessage>()
        where TMessage : class
    {
        StateModel.Ignored.Add(typeof(TMessage));
        return this;
    }

    /// <summary>Limits how long the saga may stay in this state; leaving the state cancels the timeout.</summary>
    /// <param name="after">How long after entering the state.</param>
    /// <returns>The transition taken when it elapses.</returns>
    public TransitionBuilder<TData, TStatus, SagaTimeoutElapsed> Timeout(TimeSpan after)
    {
        if (after <= TimeSpan.Zero)
        {
            Definition.DeclarationError($"state {StateModel.Name}: Timeout must be positive, was {after}");
        }

        if (StateModel.TimeoutAfter is not null)
        {
            Definition.DeclarationError($"state {StateModel.Name}: Timeout is declared twice");
        }

        StateModel.TimeoutAfter = after;
        return Add<SagaTimeoutElapsed>(TriggerKind.Timeout, "Timeout");
    }

    /// <summary>Waits, in any order, for every message declared in <paramref name="members"/>, then takes the returned transition.</summary>
    /// <param name="members">Declares the awaited messages (and what to do as each arrives).</param>
    /// <returns>The transition taken once all arrived.</returns>
    public TransitionBuilder<TData, TStatus, JoinCompleted> Join(Action<JoinBuilder<TData>> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (StateModel.Join is not null)
        {
            Definition.DeclarationError($"state {StateModel.Name}: Join is declared twice");
        }

        var join = new JoinModel<TData>();
        members(new JoinBuilder<TData>(join));
        StateModel.Join = join;
        return Add<JoinCompleted>(TriggerKind.Join, "all arrived");
    }

    /// <summary>Waits for <typeparamref name="T1"/> and <typeparamref name="T2"/> in any order.</summary>
    /// <typeparam name="T1">One awaited message.</typeparam>
    /// <typeparam name="T2">Another awaited message.</typeparam>
    /// <returns>The transition taken once both arrived.</returns>
    public TransitionBuilder<TData, TStatus, JoinCompleted> Join<T1, T2>()
        where T1 : class
        where T2 : class => Join(j => j.Of<T1>().Of<T2>());

    /// <summary>Waits for three messages in any order.</summary>
    /// <typeparam name="T1">One awaited message.</typeparam>
    /// <typeparam name="T2">Another awaited message.</typeparam>
    /// <typeparam name="T3">A third awaited message.</typeparam>
    /// <returns>The transition taken once all three arrived.</returns>
    public TransitionBuilder<TData, TStatus, JoinCompleted> Join<T1, T2, T3>()
        where T1 : class
        where T2 : class
        where T3 : class => Join(j => j.Of<T1>().Of<T2>().Of<T3>());

    /// <summary>
    /// Makes this state wait for a person: entering it creates a task (name, assignee, due time,
    /// escalation, expiry) in the task inbox; approve and reject become the triggers
    /// <see cref="OnApproved"/> and <see cref="OnRejected"/>; running out of time, <see cref="OnExpired"/>.
    /// </summary>
    /// <param name="taskName">What the person decides, e.g. "Approve refund".</param>
    /// <param name="configure">Assignee, due time, escalation and expiry.</param>
    /// <returns>This state.</returns>
    public StateBuilder<TData, TStatus> WaitForPerson(string taskName, Action<HumanTaskBuilder<TData>> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskName);
        ArgumentNullException.ThrowIfNull(configure);
        var task = new HumanTaskModel<TData> { Name = taskName };
        configure(new HumanTaskBuilder<TData>(task));
        StateModel.Task = task;
        return this;
    }

    /// <summary>The transition taken when the state's human task is approved.</summary>
    /// <returns>The transition.</returns>
    public TransitionBuilder<TData, TStatus, HumanTaskCompleted> OnApproved() => Add<HumanTaskCompleted>(TriggerKind.TaskApproved, "Approved");

    /// <summary>The transition taken when the state's human task is rejected.</summary>
    /// <returns>The transition.</returns>
    public TransitionBuilder<TData, TStatus, HumanTaskCompleted> OnRejected() => Add<HumanTaskCompleted>(TriggerKind.TaskRejected, "Rejected");

    /// <summary>The transition taken when nobody decided the state's human task before its final expiry.</summary>
    /// <returns>The transition.</returns>
    public TransitionBuilder<TData, TStatus, SagaTimeoutElapsed> OnExpired() => Add<SagaTimeoutElapsed>(TriggerKind.TaskExpired, "Expired");

    private TransitionBuilder<TData, TStatus, TMessage> Add<TMessage>(TriggerKind kind, string name)
        where TMessage : class
    {
        var transition = new TransitionModel<TData, TStatus>(
            kind,
            typeof(TMessage),
            name,
            static (args, message) => new SagaContext<TData, TMessage>(args.SagaId, args.Data, args.State, args.Now, args.Effects, (TMessage)message, args.MessageId));
        StateModel.Transitions.Add(transition);
        return new TransitionBuilder<TData, TStatus, TMessage>(Definition, StateModel, transition);
    }
}

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

    internal TransitionBuilder(SagaDefinition<TData, TStatus> definition, StateModel<TData, TStatus> state, TransitionModel<TData, TStatus> transition)
        : base(definition, state) => this.transition = transition;

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

/// <summary>Declares a human task: who, by when, escalation and expiry.</summary>
/// <typeparam name="TData">The saga's data.</typeparam>
public sealed class HumanTaskBuilder<TData>
    where TData : class
{
    private readonly HumanTaskModel<TData> task;

    internal HumanTaskBuilder(HumanTaskModel<TData> task) => this.task = task;

    /// <summary>The person or role that decides.</summary>
    /// <param name="assignee">A user name or a role such as <c>finance-manager</c>.</param>
    /// <returns>This builder.</returns>
    public HumanTaskBuilder<TData> AssignTo(string assignee)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignee);
        task.Assignee = assignee;
        return this;
    }

    /// <summary>How long the assignee has. Past due, the task escalates (<see cref="EscalateTo"/>) or, without escalation, expires.</summary>
    /// <param name="due">Time from the task's creation.</param>
    /// <returns>This builder.</returns>
    public HumanTaskBuilder<TData> DueIn(TimeSpan due)
    {
        task.DueIn = due;
        return this;
    }

    /// <summary>Who gets the task once it is past due (once), and what to do then (notify).</summary>
    /// <param name="assignee">The escalation target.</param>
    /// <param name="onEscalated">Optional action on escalation, e.g. send a notification.</param>
    /// <returns>This builder.</returns>
    public HumanTaskBuilder<TData> EscalateTo(string assignee, Action<SagaContext<TData, SagaTimeoutElapsed>>? onEscalated = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(assignee);
        task.EscalateTo = assignee;
        if (onEscalated is not null)
        {
            task.OnEscalated.Add(ctx => onEscalated((SagaContext<TData, SagaTimeoutElapsed>)ctx));
        }

        return this;
    }

    /// <summary>After escalation, how long until the task expires for good (then <c>OnExpired</c> applies).</summary>
    /// <param name="after">Time from the escalation.</param>
    /// <returns>This builder.</returns>
    public HumanTaskBuilder<TData> ExpireAfter(TimeSpan after)
    {
        task.ExpireAfterEscalation = after;
        return this;
    }
}

/// <summary>Declares how compensations are confirmed and what happens when one fails.</summary>
/// <typeparam name="TData">The saga's data.</typeparam>
/// <typeparam name="TStatus">The saga's states.</typeparam>
public sealed class CompensationBuilder<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    private readonly SagaDefinition<TData, TStatus> definition;
    private readonly CompensationModel<TData, TStatus> model;
    private readonly StateModel<TData, TStatus> state;

    internal CompensationBuilder(SagaDefinition<TData, TStatus> definition, CompensationModel<TData, TStatus> model, StateModel<TData, TStatus> state)
    {
        this.definition = definition;
        this.model = model;
        this.state = state;
    }

    /// <summary>The undo command <typeparamref name="TCommand"/> counts as done when <typeparamref name="TConfirmation"/> arrives; the next one is sent only then. Its <see cref="Fault{T}"/> fails the compensation.</summary>
    /// <typeparam name="TCommand">The undo command.</typeparam>
    /// <typeparam name="TConfirmation">The event that confirms it.</typeparam>
    /// <returns>This builder.</returns>
    public CompensationBuilder<TData, TStatus> Confirm<TCommand, TConfirmation>()
        where TCommand : class
        where TConfirmation : class
    {
        if (!model.Confirmations.TryAdd(typeof(TCommand), typeof(TConfirmation)))
        {
            definition.DeclarationError($"compensation '{typeof(TCommand).Name}' is confirmed twice");
        }

        return this;
    }

    /// <summary>Where the saga parks when a compensation fails or times out, and what to do then (raise an alert).</summary>
    /// <param name="parkIn">A state operators watch, e.g. <c>NeedsAttention</c>.</param>
    /// <param name="alert">Optional action, e.g. publish an alert event.</param>
    /// <returns>This builder.</returns>
    public CompensationBuilder<TData, TStatus> OnFailure(TStatus parkIn, Action<SagaContext<TData>>? alert = null)
    {
        model.FailureState = parkIn;
        definition.State(parkIn);
        if (alert is not null)
        {
            model.OnFailure.Add(alert);
        }

        return this;
    }

    /// <summary>How long one compensation may stay unconfirmed before it counts as failed.</summary>
    /// <param name="after">The limit per compensation.</param>
    /// <returns>This builder.</returns>
    public CompensationBuilder<TData, TStatus> Timeout(TimeSpan after)
    {
        model.Timeout = after;
        state.TimeoutAfter = null;
        return this;
    }

    /// <summary>Declares what else the compensating state does (ignore late messages, for example).</summary>
    /// <returns>The compensating state's builder.</returns>
    public StateBuilder<TData, TStatus> State() => new(definition, state);
}
