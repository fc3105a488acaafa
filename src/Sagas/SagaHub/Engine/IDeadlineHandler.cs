namespace SagaHub;

/// <summary>A feature that owns some deadlines: it acts when one of them comes due.</summary>
internal interface IDeadlineHandler<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    /// <summary>Handles the due <paramref name="deadline"/> and returns true, or returns false when it is not this feature's.</summary>
    bool TryHandle(FireScope<TData, TStatus> scope, SagaDeadline deadline, SagaTimeoutElapsed elapsed);
}
