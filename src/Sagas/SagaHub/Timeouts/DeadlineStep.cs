namespace SagaHub;

/// <summary>
/// A timer came due (<see cref="SagaTimeoutElapsed"/>): stale unless it is the instance's pending deadline; otherwise
/// the deadline is spent and the feature that owns it acts.
/// </summary>
/// <remarks>Runs before the final-state check: a finished instance has no deadline, so its timers are stale.</remarks>
internal sealed class DeadlineStep<TData, TStatus>(IReadOnlyList<IDeadlineHandler<TData, TStatus>> owners) : IFireStep<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    public bool TryHandle(FireScope<TData, TStatus> scope)
    {
        if (scope.Message is not SagaTimeoutElapsed elapsed)
        {
            return false;
        }

        var instance = scope.Instance;
        if (instance.Deadline is not { } deadline || deadline.Id != elapsed.DeadlineId)
        {
            scope.Stale($"deadline {elapsed.DeadlineId} is no longer pending in state {scope.CurrentName}");
            return true;
        }

        Spend(scope, deadline, elapsed);
        return true;
    }

    /// <summary>Spends <paramref name="deadline"/> and lets the feature that owns it act (an operator's "fire now" comes here too).</summary>
    public void Spend(FireScope<TData, TStatus> scope, SagaDeadline deadline, SagaTimeoutElapsed elapsed)
    {
        var instance = scope.Instance;
        instance.Deadline = null;
        foreach (var owner in owners)
        {
            if (owner.TryHandle(scope, deadline, elapsed))
            {
                return;
            }
        }

        throw new SagaExecutionException($"Saga '{scope.Saga.Name}' {instance.Id}: no feature handles a {deadline.Kind} deadline in state {scope.CurrentName}.");
    }
}
