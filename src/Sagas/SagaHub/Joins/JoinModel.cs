namespace SagaHub;

internal sealed class JoinModel<TData>
    where TData : class
{
    public List<(Type MessageType, Action<SagaContext<TData>>? OnArrival, Func<ContextArgs<TData>, object, SagaContext<TData>> MakeContext)> Members { get; } = [];

    /// <summary>The undo command a member registers when it arrives (<c>Of&lt;TMessage, TCommand&gt;(compensateWith)</c>), by member type.</summary>
    public Dictionary<Type, (Type CommandType, Func<SagaContext<TData>, object> Factory)> Undo { get; } = [];
}
