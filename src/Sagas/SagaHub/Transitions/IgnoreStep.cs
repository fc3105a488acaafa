namespace SagaHub;

/// <summary>A message the current state declares with <c>Ignore&lt;T&gt;()</c>: dropped, and recorded as ignored.</summary>
internal sealed class IgnoreStep<TData, TStatus> : IFireStep<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    public bool TryHandle(FireScope<TData, TStatus> scope)
    {
        if (!scope.Current.Ignored.Contains(scope.MessageType))
        {
            return false;
        }

        scope.Ignore($"state {scope.CurrentName} ignores {scope.TriggerName}");
        return true;
    }
}
