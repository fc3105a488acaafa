namespace SagaHub;

/// <summary>
/// A state's human task: entering the state opens it, leaving cancels it if still open; past due it is escalated
/// (reassigned, with an expiry) or, with no escalation, expires and takes the state's expiry transition.
/// </summary>
internal sealed class HumanTaskLifecycle<TData, TStatus>(SagaInterpreter<TData, TStatus> interpreter) : IStateLifecycle<TData, TStatus>, IDeadlineHandler<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    public void OnLeaving(FireScope<TData, TStatus> scope)
    {
        if (scope.Instance.Task is { Status: HumanTaskStatus.Open } open)
        {
            scope.Instance.Task = open with { Status = HumanTaskStatus.Cancelled, ClosedAt = scope.Now };
        }
    }

    public void OnEntered(FireScope<TData, TStatus> scope, StateModel<TData, TStatus> entered, string trigger)
    {
        if (entered.Task is not { } task)
        {
            return;
        }

        var now = scope.Now;
        var instance = scope.Instance;
        var due = now + task.DueIn!.Value;
        instance.Task = new HumanTask(
            scope.NextId(), scope.Saga.Name, instance.Id, task.Name, entered.Name, task.Assignee!, task.EscalateTo, now, due, task.EscalateTo is null ? due : null, false, HumanTaskStatus.Open, null, null);
        instance.Deadline = new SagaDeadline(scope.NextId(), due, task.EscalateTo is null ? SagaDeadlineKind.TaskExpiry : SagaDeadlineKind.TaskEscalation);
        scope.Append(entered.Name, trigger, SagaHistoryKind.TaskCreated, $"'{task.Name}' for {task.Assignee}, due {due:u}");
    }

    public bool TryHandle(FireScope<TData, TStatus> scope, SagaDeadline deadline, SagaTimeoutElapsed elapsed)
    {
        switch (deadline.Kind)
        {
            case SagaDeadlineKind.TaskEscalation:
                Escalate(scope, elapsed);
                return true;
            case SagaDeadlineKind.TaskExpiry:
                scope.Instance.Task = scope.Instance.Task! with { Status = HumanTaskStatus.Expired, ClosedAt = scope.Now };
                interpreter.TakeFirst(scope, scope.Current.For(TriggerKind.TaskExpired).ToList(), elapsed);
                return true;
            default:
                return false;
        }
    }

    private static void Escalate(FireScope<TData, TStatus> scope, SagaTimeoutElapsed elapsed)
    {
        var instance = scope.Instance;
        var model = scope.Current.Task!;
        var task = instance.Task!;
        var expires = model.ExpireAfterEscalation is { } after ? scope.Now + after : (DateTimeOffset?)null;
        instance.Task = task with { Assignee = model.EscalateTo!, Escalated = true, ExpiresAt = expires };
        var ctx = new SagaContext<TData, SagaTimeoutElapsed>(instance.Id, instance.Data, scope.CurrentName, scope.Now, scope.Effects, elapsed, scope.MessageId);
        foreach (var action in model.OnEscalated)
        {
            action(ctx);
        }

        if (expires is { } at)
        {
            instance.Deadline = new SagaDeadline(scope.NextId(), at, SagaDeadlineKind.TaskExpiry);
        }

        scope.Append(scope.CurrentName, "Escalated", SagaHistoryKind.TaskEscalated, $"'{task.Name}' past due; reassigned from {task.Assignee} to {model.EscalateTo}");
    }
}
