namespace SagaHub;

/// <summary>
/// An operator's <see cref="SagaAction"/>: checked against <see cref="SagaDefinition{TData, TStatus}.ActionsFor"/>, then
/// recorded as one <see cref="SagaHistoryKind.OperatorAction"/> row (who, why, what was sent) followed by the rows of what it did.
/// </summary>
internal sealed class OperatorActionStep<TData, TStatus>(SagaInterpreter<TData, TStatus> interpreter, DeadlineStep<TData, TStatus> deadlines) : IFireStep<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    public bool TryHandle(FireScope<TData, TStatus> scope)
    {
        if (scope.Message is not SagaAction action)
        {
            return false;
        }

        var saga = scope.Saga;
        var instance = scope.Instance;
        var choices = saga.ActionsFor(instance);
        if (!choices.Allows(action))
        {
            var what = action.State is null ? action.Kind.ToString() : $"{action.Kind} {action.State}";
            var why = !instance.IsStarted ? "the saga has not started"
                : instance.IsFinal ? $"the saga is final in {scope.CurrentName}"
                : $"not allowed in state {scope.CurrentName}; allowed: {choices}";
            scope.Reject($"{what}: {why}");
            return true;
        }

        var trigger = $"Operator{action.Kind}";
        var sentBefore = scope.Effects.Outgoing.Count;
        scope.Append(scope.CurrentName, trigger, SagaHistoryKind.OperatorAction, Describe(action, sent: null));
        var audit = instance.History[^1];
        switch (action.Kind)
        {
            case SagaActionKind.Resume:
                interpreter.MoveTo(scope, Parse(action.State ?? scope.CurrentName), trigger, $"by {action.By}");
                break;
            case SagaActionKind.MoveTo:
                instance.Compensating = null; // leaving the compensating state abandons its run; the stack stays for a cancel
                interpreter.MoveTo(scope, Parse(action.State!), trigger, $"by {action.By}");
                break;
            case SagaActionKind.Cancel:
                interpreter.Compensation.Start(scope, Parse(action.State!), trigger);
                break;
            case SagaActionKind.FireDeadline:
                var deadline = instance.Deadline!;
                deadlines.Spend(scope, deadline, new SagaTimeoutElapsed(saga.Name, instance.Id, deadline.Id, deadline.DueAt));
                break;
            case SagaActionKind.ReassignTask:
                instance.Task = instance.Task! with { Assignee = action.Assignee!.Trim() };
                break;
            case SagaActionKind.RescheduleDeadline:
                instance.Deadline = instance.Deadline! with { Id = scope.NextId(), DueAt = action.DueAt!.Value };
                break;
        }

        var sent = scope.Effects.Outgoing.Skip(sentBefore).Select(m => m.MessageType.Name).ToList();
        scope.Amend(audit with { Detail = Describe(action, sent) });
        return true;
    }

    private static TStatus Parse(string state) => Enum.Parse<TStatus>(state);

    private static string Describe(SagaAction action, List<string>? sent)
    {
        var target = action.Kind switch
        {
            SagaActionKind.RescheduleDeadline => $" to {action.DueAt:O}",
            SagaActionKind.ReassignTask => $" to {action.Assignee}",
            _ when action.State is not null => $" {action.State}",
            _ => string.Empty,
        };
        var what = sent is null or { Count: 0 } ? "sent nothing" : $"sent {string.Join(", ", sent)}";
        return $"{action.Kind}{target} by {action.By}: {action.Reason}; {what}";
    }
}
