namespace SagaHub;

/// <summary>
/// A state's join of parallel replies: each member's first arrival is recorded (a repeat is ignored), and when every
/// member has arrived the state's join transition is taken. Leaving the state forgets the arrivals.
/// </summary>
internal sealed class JoinStep<TData, TStatus>(SagaInterpreter<TData, TStatus> interpreter) : IFireStep<TData, TStatus>, IStateLifecycle<TData, TStatus>
    where TData : class, new()
    where TStatus : struct, Enum
{
    public bool TryHandle(FireScope<TData, TStatus> scope)
    {
        var state = scope.Current;
        if (state.Join is not { } join || join.Members.FindIndex(m => m.MessageType == scope.MessageType) is not (var index and >= 0))
        {
            return false;
        }

        var instance = scope.Instance;
        var member = join.Members[index];
        var name = member.MessageType.Name;
        if (instance.JoinArrivalList.Contains(name))
        {
            scope.Ignore($"{name} already arrived for the join of state {scope.CurrentName}");
            return true;
        }

        instance.JoinArrivalList.Add(name);
        var context = member.MakeContext(scope.Args(), scope.Message);
        member.OnArrival?.Invoke(context);
        if (join.Undo.TryGetValue(member.MessageType, out var undo))
        {
            CompensationRunner<TData, TStatus>.Push(scope, name, undo.CommandType, undo.Factory(context), destination: null);
        }

        scope.Append(scope.CurrentName, scope.TriggerName, SagaHistoryKind.JoinArrival, $"{instance.JoinArrivalList.Count} of {join.Members.Count} arrived");
        if (instance.JoinArrivalList.Count == join.Members.Count)
        {
            interpreter.TakeFirst(scope, state.For(TriggerKind.Join).ToList(), new JoinCompleted([.. instance.JoinArrivalList]));
        }

        return true;
    }

    public void OnLeaving(FireScope<TData, TStatus> scope) => scope.Instance.JoinArrivalList.Clear();

    public void OnEntered(FireScope<TData, TStatus> scope, StateModel<TData, TStatus> entered, string trigger)
    {
    }
}
