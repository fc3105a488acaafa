namespace SagaHub;

/// <summary>
/// Fires one message at one instance: hands it to the first step that takes it, and gives the steps the transition
/// machinery they share (choose among guards, take a transition, move with each <see cref="IStateLifecycle{TData, TStatus}"/>).
/// </summary>
/// <remarks>One per definition; it holds no per-message state.</remarks>
internal sealed class SagaInterpreter<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    private readonly IFireStep<TData, TStatus>[] steps;
    private readonly IStateLifecycle<TData, TStatus>[] lifecycle;

    public SagaInterpreter()
    {
        Compensation = new CompensationRunner<TData, TStatus>(this);
        var timeouts = new StateTimeouts<TData, TStatus>(this);
        var tasks = new HumanTaskLifecycle<TData, TStatus>(this);
        var joins = new JoinStep<TData, TStatus>(this);
        var retries = new StepRetries<TData, TStatus>(this);
        var deadlines = new DeadlineStep<TData, TStatus>([Compensation, timeouts, tasks, retries]);
        steps =
        [
            new OperatorActionStep<TData, TStatus>(this, deadlines),
            new StartStep<TData, TStatus>(this),
            deadlines,
            new FinalStateStep<TData, TStatus>(),
            new HumanTaskDecisionStep<TData, TStatus>(this),
            Compensation,
            joins,
            retries,
            new IgnoreStep<TData, TStatus>(),
            new TransitionStep<TData, TStatus>(this),
        ];
        lifecycle = [timeouts, joins, tasks, retries]; // retries after timeouts: an attempt's deadline competes with the state's
    }

    /// <summary>Records undo commands and runs compensations; a transition with <c>Compensate()</c> starts one.</summary>
    public CompensationRunner<TData, TStatus> Compensation { get; }

    public FireResult Fire(FireScope<TData, TStatus> scope)
    {
        foreach (var step in steps)
        {
            if (step.TryHandle(scope))
            {
                break;
            }
        }

        return scope.Result();
    }

    /// <summary>
    /// The transition to take among <paramref name="candidates"/>: the only unguarded one, the one whose guard holds,
    /// else the <c>Otherwise</c> (or unguarded) one; null (and the message rejected) when none applies.
    /// </summary>
    /// <exception cref="SagaExecutionException">Two guards hold at once.</exception>
    public TransitionModel<TData, TStatus>? Choose(FireScope<TData, TStatus> scope, List<TransitionModel<TData, TStatus>> candidates, object? trigger = null)
    {
        trigger ??= scope.Message;
        if (candidates.Count == 1 && candidates[0].Guard is null)
        {
            return candidates[0];
        }

        var instance = scope.Instance;
        var passed = new List<TransitionModel<TData, TStatus>>();
        var failed = new List<string>();
        var probe = new FireEffects(instance.Id, scope.MessageId, scope.Saga.RouteOf, scope.Saga.Name); // guards must not act; anything they send is dropped
        foreach (var candidate in candidates.Where(c => c.Guard is not null))
        {
            var args = new ContextArgs<TData>(instance.Id, instance.Data, scope.CurrentName, scope.Now, probe, scope.MessageId);
            if (candidate.Guard!(candidate.MakeContext(args, trigger)))
            {
                passed.Add(candidate);
            }
            else
            {
                failed.Add(candidate.GuardReason!);
            }
        }

        if (passed.Count > 1)
        {
            throw new SagaExecutionException(
                $"Saga '{scope.Saga.Name}' {instance.Id}, state {scope.CurrentName}, trigger {scope.TriggerName}: guards '{passed[0].GuardReason}' and '{passed[1].GuardReason}' both hold; guards on one trigger must exclude each other.");
        }

        if (passed.Count == 1)
        {
            return passed[0];
        }

        var fallback = candidates.FirstOrDefault(c => c.IsOtherwise) ?? candidates.FirstOrDefault(c => c.Guard is null);
        if (fallback is not null)
        {
            return fallback;
        }

        scope.Reject($"no guard held in state {scope.CurrentName}: {string.Join("; ", failed.Select(f => $"not ({f})"))}");
        return null;
    }

    /// <summary>Takes the transition <see cref="Choose"/> picks among a deadline's or a join's candidates; rejects when the state declares none.</summary>
    public void TakeFirst(FireScope<TData, TStatus> scope, List<TransitionModel<TData, TStatus>> candidates, object trigger)
    {
        if (candidates.Count == 0)
        {
            scope.Reject($"state {scope.CurrentName} declares nothing for its deadline");
            return;
        }

        if (Choose(scope, candidates, trigger) is { } chosen)
        {
            Take(scope, chosen, trigger);
        }
    }

    /// <summary>Runs the transition's actions, records its undo commands, then compensates, moves or stays.</summary>
    public void Take(FireScope<TData, TStatus> scope, TransitionModel<TData, TStatus> transition, object trigger)
    {
        var ctx = transition.MakeContext(scope.Args(), trigger);
        foreach (var action in transition.Actions)
        {
            action(ctx);
        }

        Compensation.Record(scope, transition, ctx);
        var name = transition.Kind == TriggerKind.Message ? scope.TriggerName : transition.TriggerName;
        var detail = scope.WithFault(transition.GuardReason ?? (transition.IsOtherwise ? "otherwise" : null));
        if (transition.Compensate)
        {
            Compensation.Start(scope, transition.Target!.Value, name);
        }
        else if (transition.Target is { } target)
        {
            MoveTo(scope, target, name, detail);
        }
        else
        {
            scope.Append(scope.CurrentName, name, SagaHistoryKind.Stayed, detail);
        }
    }

    /// <summary>
    /// Runs the exit actions and every <see cref="IStateLifecycle{TData, TStatus}.OnLeaving"/>, records the transition, then
    /// runs <paramref name="target"/>'s entry actions and every <see cref="IStateLifecycle{TData, TStatus}.OnEntered"/>.
    /// </summary>
    public void MoveTo(FireScope<TData, TStatus> scope, TStatus target, string trigger, string? detail)
    {
        var instance = scope.Instance;
        var exitContext = scope.Context();
        foreach (var exit in scope.Current.OnExit)
        {
            exit(exitContext);
        }

        var fromName = scope.CurrentName;
        foreach (var feature in lifecycle)
        {
            feature.OnLeaving(scope);
        }

        instance.Status = target;
        instance.IsStarted = true;
        var entered = scope.Saga.State(target);
        instance.IsFinal = entered.IsFinal;
        instance.IsParked = entered.IsParked;
        instance.ExpectedBy = scope.Now + entered.ExpectedWithin;
        scope.Append(fromName, trigger, SagaHistoryKind.Transition, detail, to: entered.Name);

        var entryContext = scope.Context();
        foreach (var entry in entered.OnEnter)
        {
            entry(entryContext);
        }

        foreach (var feature in lifecycle)
        {
            feature.OnEntered(scope, entered, trigger);
        }
    }
}
