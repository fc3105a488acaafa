namespace SagaHub;

/// <summary>Declares one state, or the same in several (<c>During(A, B)</c>): entry and exit actions, triggers, ignores, a timeout, a join or a human task.</summary>
/// <typeparam name="TData">The saga's data.</typeparam>
/// <typeparam name="TStatus">The saga's states.</typeparam>
public class StateBuilder<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    internal StateBuilder(SagaDefinition<TData, TStatus> definition, StateModel<TData, TStatus> state)
        : this(definition, [state])
    {
    }

    internal StateBuilder(SagaDefinition<TData, TStatus> definition, IReadOnlyList<StateModel<TData, TStatus>> states)
    {
        Definition = definition;
        StateModels = states;
        StateModel = new StateNames(states);
    }

    internal SagaDefinition<TData, TStatus> Definition { get; }

    /// <summary>The states of the block: each gets every declaration (one shared transition model per trigger).</summary>
    internal IReadOnlyList<StateModel<TData, TStatus>> StateModels { get; }

    /// <summary>The block's states as declaration errors name them.</summary>
    internal StateNames StateModel { get; }

    /// <summary>Runs when the saga enters this state (after the transition's own actions): send the state's commands here.</summary>
    /// <param name="action">The action.</param>
    /// <returns>This state.</returns>
    public StateBuilder<TData, TStatus> OnEnter(Action<SagaContext<TData>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Each(s => s.OnEnter.Add(action));
        return this;
    }

    /// <summary>Declares how long a saga is expected to wait in this state; past that it counts as stuck (no timer fires).</summary>
    /// <param name="within">The expected longest wait; positive.</param>
    /// <returns>This builder.</returns>
    public StateBuilder<TData, TStatus> ExpectWithin(TimeSpan within)
    {
        Each(s => s.ExpectedWithin = within);
        return this;
    }

    /// <summary>Runs when the saga leaves this state.</summary>
    /// <param name="action">The action.</param>
    /// <returns>This state.</returns>
    public StateBuilder<TData, TStatus> OnExit(Action<SagaContext<TData>> action)
    {
        ArgumentNullException.ThrowIfNull(action);
        Each(s => s.OnExit.Add(action));
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
    public TransitionBuilder<TData, TStatus, CommandFault<TCommand>> OnFault<TCommand>()
        where TCommand : class => Add<CommandFault<TCommand>>(TriggerKind.Message, $"Fault<{typeof(TCommand).Name}>");

    /// <summary>Ignores <typeparamref name="TMessage"/> in this state on purpose: it is consumed, recorded as ignored, and changes nothing.</summary>
    /// <typeparam name="TMessage">The message to ignore.</typeparam>
    /// <returns>This state.</returns>
    public StateBuilder<TData, TStatus> Ignore<TMessage>()
        where TMessage : class
    {
        Each(s => s.Ignored.Add(typeof(TMessage)));
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

        if (StateModels.Any(st => st.HasTimeout))
        {
            Definition.DeclarationError($"state {StateModel.Name}: Timeout is declared twice");
        }

        Each(st => st.TimeoutAfter = after);
        return Add<SagaTimeoutElapsed>(TriggerKind.Timeout, "Timeout");
    }

    /// <summary>Limits how long the saga may stay in this state by a time computed from its data as it enters, e.g. the customer's SLA.</summary>
    /// <remarks>A time of zero or less makes the deadline due at once (a date already past fires at the next timer pass).</remarks>
    /// <param name="after">How long after entering the state, from the saga as it enters.</param>
    /// <param name="description">What the time is, shown in the diagrams ("after the customer's SLA").</param>
    /// <returns>The transition taken when it elapses.</returns>
    public TransitionBuilder<TData, TStatus, SagaTimeoutElapsed> Timeout(Func<SagaContext<TData>, TimeSpan> after, string description)
    {
        ArgumentNullException.ThrowIfNull(after);
        if (string.IsNullOrWhiteSpace(description))
        {
            Definition.DeclarationError($"state {StateModel.Name}: a computed Timeout needs a description for the diagrams (what the time is)");
        }

        if (StateModels.Any(st => st.HasTimeout))
        {
            Definition.DeclarationError($"state {StateModel.Name}: Timeout is declared twice");
        }

        Each(st =>
        {
            st.TimeoutFrom = after;
            st.TimeoutDescription = description?.Trim();
        });
        return Add<SagaTimeoutElapsed>(TriggerKind.Timeout, "Timeout");
    }

    /// <summary>Another branch of this state's <see cref="Timeout(TimeSpan)"/>, for guarded timeouts: <c>Timeout(t).If(...)</c>, then <c>OnTimeout().Otherwise()</c>.</summary>
    /// <returns>The transition taken when the timeout elapses and this branch is chosen.</returns>
    public TransitionBuilder<TData, TStatus, SagaTimeoutElapsed> OnTimeout()
    {
        if (!StateModels.All(st => st.HasTimeout))
        {
            Definition.DeclarationError($"state {StateModel.Name}: OnTimeout() adds a branch to the state's Timeout(after); declare Timeout(after) first");
        }

        return Add<SagaTimeoutElapsed>(TriggerKind.Timeout, "Timeout");
    }

    /// <summary>
    /// Gives this step a retry policy: a retryable answer or an attempt's timeout fails the attempt, and after the backoff
    /// (on the saga's clock) the state's entry actions run again; every attempt is in the history.
    /// </summary>
    /// <remarks>
    /// When the attempts are spent, the failing answer's own transition (<c>OnFault</c>, <c>On</c>) applies, or, for a
    /// timeout or an answer without one, <see cref="OnRetriesExhausted"/>. The state's <see cref="Timeout(TimeSpan)"/>
    /// bounds the whole step across its attempts.
    /// </remarks>
    /// <param name="policy">Attempts, backoff, attempt timeout and the retryable answers.</param>
    /// <returns>This state.</returns>
    public StateBuilder<TData, TStatus> Retry(Action<StepRetryBuilder> policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        if (StateModels.Any(st => st.Retry is not null))
        {
            Definition.DeclarationError($"state {StateModel.Name}: Retry is declared twice");
        }

        var model = new StepRetryModel();
        policy(new StepRetryBuilder(model));
        Each(st => st.Retry = model);
        return this;
    }

    /// <summary>The transition taken when the last attempt of the state's <see cref="Retry"/> policy timed out, or failed with an answer the state has no transition for.</summary>
    /// <returns>The transition.</returns>
    public TransitionBuilder<TData, TStatus, StepRetriesExhausted> OnRetriesExhausted() => Add<StepRetriesExhausted>(TriggerKind.RetriesExhausted, "RetriesExhausted");

    /// <summary>Waits, in any order, for every message declared in <paramref name="members"/>, then takes the returned transition.</summary>
    /// <param name="members">Declares the awaited messages (and what to do as each arrives).</param>
    /// <returns>The transition taken once all arrived.</returns>
    public TransitionBuilder<TData, TStatus, JoinCompleted> Join(Action<JoinBuilder<TData>> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (StateModels.Any(st => st.Join is not null))
        {
            Definition.DeclarationError($"state {StateModel.Name}: Join is declared twice");
        }

        var join = new JoinModel<TData>();
        members(new JoinBuilder<TData>(join, Definition.RegisterCompensationType));
        Each(st => st.Join = join);
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

    /// <summary>Makes this state wait for a person: entering it creates a task in the task inbox.</summary>
    /// <remarks>
    /// Approve and reject become the triggers <see cref="OnApproved"/> and <see cref="OnRejected"/>; running out of time,
    /// <see cref="OnExpired"/>.
    /// </remarks>
    /// <param name="taskName">What the person decides, e.g. "Approve refund".</param>
    /// <param name="configure">Assignee, due time, escalation and expiry.</param>
    /// <returns>This state.</returns>
    public StateBuilder<TData, TStatus> WaitForPerson(string taskName, Action<HumanTaskBuilder<TData>> configure)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(taskName);
        ArgumentNullException.ThrowIfNull(configure);
        var task = new HumanTaskModel<TData> { Name = taskName };
        configure(new HumanTaskBuilder<TData>(task));
        Each(st => st.Task = task);
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
        Each(st => st.Transitions.Add(transition)); // one model in every state of the block: drawn as one edge per state
        return new TransitionBuilder<TData, TStatus, TMessage>(Definition, StateModels, transition);
    }

    private void Each(Action<StateModel<TData, TStatus>> declare)
    {
        foreach (var state in StateModels)
        {
            declare(state);
        }
    }

    /// <summary>How declaration errors name a block's states: "A" or "A, B".</summary>
    internal sealed class StateNames(IReadOnlyList<StateModel<TData, TStatus>> states)
    {
        public string Name { get; } = string.Join(", ", states.Select(st => st.Name));
    }
}
