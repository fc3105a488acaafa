namespace SagaHub;

/// <summary>
/// A person's decision (<see cref="HumanTaskCompleted"/>) on the instance's open task: the state's approval or rejection
/// transition; the task closes with the decision, or stays open when the transition's guard turns the decision down.
/// </summary>
internal sealed class HumanTaskDecisionStep<TData, TStatus>(SagaInterpreter<TData, TStatus> interpreter) : IFireStep<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    public bool TryHandle(FireScope<TData, TStatus> scope)
    {
        if (scope.Message is not HumanTaskCompleted decision)
        {
            return false;
        }

        var instance = scope.Instance;
        if (instance.Task is not { } task || task.TaskId != decision.TaskId || task.Status != HumanTaskStatus.Open)
        {
            scope.Reject($"task {decision.TaskId} is not open in state {scope.CurrentName}");
            return true;
        }

        var kind = decision.Approved ? TriggerKind.TaskApproved : TriggerKind.TaskRejected;
        var candidates = scope.Current.For(kind).ToList();
        if (candidates.Count == 0)
        {
            scope.Reject($"state {scope.CurrentName} declares nothing for a task {(decision.Approved ? "approval" : "rejection")}");
            return true;
        }

        if (interpreter.Choose(scope, candidates, decision) is not { } chosen)
        {
            return true; // rejected by its guard: the task stays open
        }

        instance.Task = task with
        {
            Status = decision.Approved ? HumanTaskStatus.Approved : HumanTaskStatus.Rejected,
            DecidedBy = decision.By,
            ClosedAt = scope.Now,
        };
        interpreter.Take(scope, chosen, decision);
        return true;
    }
}
