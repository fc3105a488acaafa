namespace SagaHub;

/// <content>Start-up validation.</content>
public abstract partial class SagaDefinition<TData, TStatus>
{
    private readonly object validationGate = new();

    /// <summary>
    /// Checks the definition and throws one <see cref="SagaDefinitionException"/> listing every problem, each naming the
    /// state and message.
    /// </summary>
    /// <remarks>
    /// Problems found: a handled message without correlation, a non-final state with no way out, overlapping guards, an
    /// unreachable state, a timeout or task in a final state, a transition without target, a compensation without route.
    /// Runs once; the runtime calls it at start-up.
    /// </remarks>
    /// <exception cref="SagaDefinitionException">The definition is invalid.</exception>
    public void Validate()
    {
        if (validated)
        {
            return;
        }

        lock (validationGate)
        {
            if (validated)
            {
                return;
            }

            var problems = Problems();
            if (problems.Count > 0)
            {
                throw new SagaDefinitionException(Name, problems);
            }

            validated = true;
        }
    }

    private List<string> Problems()
    {
        var problems = new List<string>(declarationErrors);
        if (initial.Transitions.Count == 0)
        {
            problems.Add("no initiating message: declare Initially<TMessage>()");
        }

        foreach (var state in states.Values.Append(initial))
        {
            CheckState(state, problems);
        }

        CheckCompensation(problems);
        CheckReachability(problems);
        return problems;
    }

    private void CheckState(StateModel<TData, TStatus> state, List<string> problems)
    {
        var where = state == initial ? "Initially" : $"state {state.Name}";
        if (state != initial && !state.Declared)
        {
            problems.Add($"{where} is a transition target but has no During({state.Name}) block and is not Final or Parked");
            return;
        }

        if (state.ExpectedWithin is { } expected && (expected <= TimeSpan.Zero || state.IsFinal || state.IsParked))
        {
            problems.Add($"{where}: ExpectWithin(...) needs a positive time and a state that is neither final nor parked");
        }

        if (state.IsParked)
        {
            if (state.IsFinal)
            {
                problems.Add($"{where} is both final and parked; a parked saga is not finished, so declare it one or the other");
            }

            if (state.HasTimeout || state.Task is not null || state.Join is not null)
            {
                problems.Add($"{where} is parked but declares {(state.Task is not null ? "a human task" : state.HasTimeout ? "a timeout" : "a join")}; a parked state has no timers and waits for an operator");
            }

            if (compensation is not null && EqualityComparer<TStatus>.Default.Equals(compensation.Status, state.Status))
            {
                problems.Add($"{where} is the compensating state and cannot be parked");
            }
        }

        if (state.Retry is not null && (state.IsFinal || state.IsParked || state == initial))
        {
            problems.Add($"{where} declares Retry(...) but {(state == initial ? "the initial pseudo-state sends nothing of its own" : state.IsFinal ? "a final state sends nothing" : "a parked state waits for an operator")}; give the policy to the state that sends the command");
        }

        if (state.IsFinal)
        {
            if (state.Transitions.Count > 0 || state.HasTimeout || state.Task is not null || state.Join is not null)
            {
                problems.Add($"{where} is final but declares {(state.Task is not null ? "a human task" : state.HasTimeout ? "a timeout" : "triggers")}; a final state accepts nothing");
            }

            if (state.Ignored.Count > 0)
            {
                problems.Add($"{where} is final but declares Ignore<{string.Join(">(), Ignore<", state.Ignored.Select(t => t.Name))}>(); a final saga rejects every message before a state's ignores are read, so remove it");
            }

            return;
        }

        foreach (var type in state.Transitions.Where(t => t.Kind == TriggerKind.Message).Select(t => t.MessageType)
                     .Concat(state.Ignored)
                     .Concat(state.Join?.Members.Select(m => m.MessageType) ?? [])
                     .Concat(state.Retry?.Retryable.Select(r => r.MessageType) ?? [])
                     .Distinct())
        {
            if (SagaFaults.IsBusFault(type))
            {
                var command = type.GetGenericArguments()[0].Name;
                problems.Add($"{where} declares MassTransit's '{Display(type)}'; declare OnFault<{command}>() (the runtime delivers a command's fault as CommandFault<{command}>)");
            }
            else if (CorrelationOf(type) is null)
            {
                problems.Add($"{where} handles '{Display(type)}' but the saga has no Correlate<{Display(type)}>(...)"
                    + (CorrelationProperty is { } property ? $" and it has no public Guid property '{property}' for CorrelateBy" : string.Empty));
            }
        }

        foreach (var transition in state.Transitions)
        {
            if (state == initial && (transition.Stays || transition.Compensate))
            {
                problems.Add($"{where}, trigger {transition.TriggerName}: an initiating message must GoTo(...) a first state");
            }

            if (!transition.HasTarget && !transition.Stays)
            {
                problems.Add($"{where}, trigger {transition.TriggerName}: no target; end it with GoTo(...) or Stay()");
            }

            if (transition.Compensate && (!transition.HasTarget || compensation is null))
            {
                problems.Add($"{where}, trigger {transition.TriggerName}: Compensate() needs a GoTo(...) target and a Compensating(...) declaration");
            }

            foreach (var (type, _, destination) in transition.Compensations)
            {
                if (destination is null && !IsRouted(type))
                {
                    problems.Add($"{where}, trigger {transition.TriggerName}: compensation '{type.Name}' has no queue; add SendTo(\"queue\", typeof({type.Name}))");
                }
            }
        }

        foreach (var group in state.Transitions.GroupBy(t => (t.Kind, t.MessageType)))
        {
            CheckGuards(where, group.First().TriggerName, [.. group], problems);
        }

        var hasTaskOutcomes = state.Transitions.Any(t => t.Kind is TriggerKind.TaskApproved or TriggerKind.TaskRejected or TriggerKind.TaskExpired);
        if (state.Task is { } task)
        {
            if (state.HasTimeout)
            {
                problems.Add($"{where} has both a human task and a Timeout; the task's due time and expiry are its timeout");
            }

            if (task.Assignee is null || task.DueIn is null || task.DueIn <= TimeSpan.Zero)
            {
                problems.Add($"{where}: the human task '{task.Name}' needs AssignTo(...) and a positive DueIn(...)");
            }

            if (!state.For(TriggerKind.TaskApproved).Any() || !state.For(TriggerKind.TaskRejected).Any())
            {
                problems.Add($"{where}: the human task '{task.Name}' needs OnApproved() and OnRejected()");
            }

            var expires = task.EscalateTo is null || task.ExpireAfterEscalation is not null;
            if (expires && !state.For(TriggerKind.TaskExpired).Any())
            {
                problems.Add($"{where}: the human task '{task.Name}' can expire but the state has no OnExpired()");
            }
        }
        else if (hasTaskOutcomes)
        {
            problems.Add($"{where} declares OnApproved/OnRejected/OnExpired but no WaitForPerson(...)");
        }

        if (state.Join is { } join)
        {
            if (join.Members.Count < 2)
            {
                problems.Add($"{where}: a join waits for at least two messages");
            }

            if (join.Members.Select(m => m.MessageType).Distinct().Count() != join.Members.Count)
            {
                problems.Add($"{where}: a join lists one message twice");
            }

            foreach (var (member, undo) in join.Undo.Where(u => !IsRouted(u.Value.CommandType)))
            {
                problems.Add($"{where}, join member {member.Name}: compensation '{undo.CommandType.Name}' has no queue; add SendTo(\"queue\", typeof({undo.CommandType.Name}))");
            }

            foreach (var member in join.Members.Where(m => state.Transitions.Any(t => t.Kind == TriggerKind.Message && t.MessageType == m.MessageType)))
            {
                problems.Add($"{where}: '{member.MessageType.Name}' is both a join member and a trigger of its own");
            }
        }

        var isCompensating = compensation is not null && EqualityComparer<TStatus>.Default.Equals(compensation.Status, state.Status);
        CheckRetry(where, state, isCompensating, problems);
        var hasWayOut = isCompensating || state.Transitions.Any(t => t.Compensate || (t.Target is { } target && !EqualityComparer<TStatus>.Default.Equals(target, state.Status)));
        if (state != initial && !hasWayOut && !state.IsParked)
        {
            problems.Add($"{where} is not final and has no way out: add a transition to another state, a Timeout, or declare it Final or Parked");
        }
    }

    private static void CheckGuards(string where, string trigger, List<TransitionModel<TData, TStatus>> group, List<string> problems)
    {
        if (group.Count == 1)
        {
            if (group[0].IsOtherwise)
            {
                problems.Add($"{where}, trigger {trigger}: Otherwise() without any If(...) branch");
            }
            else if (group[0].Guard is not null && group[0].Kind is TriggerKind.Timeout or TriggerKind.TaskExpired)
            {
                // A deadline is spent when it fires: with its only branch refused, the saga would wait with no deadline at all.
                var another = group[0].Kind == TriggerKind.Timeout ? "OnTimeout()" : "OnExpired()";
                problems.Add($"{where}, trigger {trigger}: its only branch is guarded (If '{group[0].GuardReason}'); when the guard fails the deadline is spent and the saga waits with none, so add {another}.Otherwise()");
            }

            return;
        }

        var unguarded = group.Count(t => t.Guard is null && !t.IsOtherwise);
        var otherwise = group.Count(t => t.IsOtherwise);
        if (unguarded > 0)
        {
            problems.Add($"{where}, trigger {trigger}: {group.Count} transitions overlap; give each an If(guard, reason) and the last one Otherwise()");
        }
        else if (otherwise > 1)
        {
            problems.Add($"{where}, trigger {trigger}: more than one Otherwise()");
        }
        else if (otherwise == 0)
        {
            problems.Add($"{where}, trigger {trigger}: {group.Count} guarded transitions and no Otherwise(); guards may overlap or leave a gap, so add Otherwise()");
        }
    }

    private void CheckCompensation(List<string> problems)
    {
        if (compensation is not { } model)
        {
            return;
        }

        if (model.FailureState is null)
        {
            problems.Add($"Compensating({model.Status}): declare OnFailure(state) so a failed compensation parks somewhere operators see it");
        }
        else if (!states.TryGetValue(model.FailureState.Value, out var failure) || !failure.Declared)
        {
            problems.Add($"Compensating({model.Status}): failure state {model.FailureState} has no During(...) block and is not Final");
        }

        foreach (var (command, confirmation) in model.Confirmations)
        {
            if (CorrelationOf(confirmation) is null)
            {
                problems.Add($"Compensating({model.Status}): confirmation '{confirmation.Name}' of '{command.Name}' has no Correlate<{confirmation.Name}>(...)");
            }

            if (CorrelationOf(command) is null)
            {
                problems.Add($"Compensating({model.Status}): '{command.Name}' needs Correlate<{command.Name}>(...) so its Fault can reach the saga");
            }
        }
    }

    private static string Display(Type type) =>
        type.IsGenericType ? $"{type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)]}<{string.Join(", ", type.GetGenericArguments().Select(Display))}>" : type.Name;
}
