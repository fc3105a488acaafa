namespace SagaHub;

/// <summary>
/// A state's <c>Timeout(after)</c>: entering the state sets the deadline, its coming due takes the state's timeout
/// transition, and leaving any state cancels whatever deadline it had (the next state sets its own).
/// </summary>
internal sealed class StateTimeouts<TData, TStatus>(SagaInterpreter<TData, TStatus> interpreter) : IStateLifecycle<TData, TStatus>, IDeadlineHandler<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    public void OnLeaving(FireScope<TData, TStatus> scope) => scope.Instance.Deadline = null;

    public void OnEntered(FireScope<TData, TStatus> scope, StateModel<TData, TStatus> entered, string trigger)
    {
        if ((entered.TimeoutAfter ?? entered.TimeoutFrom?.Invoke(scope.Context())) is { } after)
        {
            scope.Instance.Deadline = new SagaDeadline(scope.NextId(), scope.Now + (after > TimeSpan.Zero ? after : TimeSpan.Zero), SagaDeadlineKind.Timeout);
        }
    }

    public bool TryHandle(FireScope<TData, TStatus> scope, SagaDeadline deadline, SagaTimeoutElapsed elapsed)
    {
        if (deadline.Kind != SagaDeadlineKind.Timeout)
        {
            return false;
        }

        interpreter.TakeFirst(scope, scope.Current.For(TriggerKind.Timeout).ToList(), elapsed);
        return true;
    }
}
