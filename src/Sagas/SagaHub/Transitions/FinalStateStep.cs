namespace SagaHub;

/// <summary>Any message (but a timer) at a finished instance is rejected.</summary>
internal sealed class FinalStateStep<TData, TStatus> : IFireStep<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    public bool TryHandle(FireScope<TData, TStatus> scope)
    {
        if (!scope.Instance.IsFinal)
        {
            return false;
        }

        scope.Reject($"the saga is in final state {scope.CurrentName}");
        return true;
    }
}
