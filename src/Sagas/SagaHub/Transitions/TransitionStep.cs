namespace SagaHub;

/// <summary>The last step: the current state's transitions on the message (guards choose among them), or a rejection.</summary>
internal sealed class TransitionStep<TData, TStatus>(SagaInterpreter<TData, TStatus> interpreter) : IFireStep<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    public bool TryHandle(FireScope<TData, TStatus> scope)
    {
        var candidates = scope.Current.For(TriggerKind.Message, scope.MessageType).ToList();
        if (candidates.Count == 0)
        {
            scope.Reject($"{scope.TriggerName} is not permitted in state {scope.CurrentName}");
            return true;
        }

        if (interpreter.Choose(scope, candidates) is { } chosen)
        {
            interpreter.Take(scope, chosen, scope.Message);
        }

        return true;
    }
}
