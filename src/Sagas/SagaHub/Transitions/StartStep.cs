namespace SagaHub;

/// <summary>A message at an instance that has not started: one of the definition's <c>Initially</c> transitions, or <see cref="SagaNotFoundException"/>.</summary>
internal sealed class StartStep<TData, TStatus>(SagaInterpreter<TData, TStatus> interpreter) : IFireStep<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    public bool TryHandle(FireScope<TData, TStatus> scope)
    {
        if (scope.Instance.IsStarted)
        {
            return false;
        }

        var starts = scope.Saga.Initial.For(TriggerKind.Message, scope.MessageType).ToList();
        if (starts.Count == 0)
        {
            throw new SagaNotFoundException(scope.Saga.Name, scope.Instance.Id, scope.TriggerName);
        }

        if (interpreter.Choose(scope, starts) is { } first)
        {
            scope.Instance.CreatedAt = scope.Now;
            interpreter.Take(scope, first, scope.Message); // MoveTo marks the instance started
        }

        return true;
    }
}
