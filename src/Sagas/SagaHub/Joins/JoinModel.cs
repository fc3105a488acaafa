namespace SagaHub;

internal sealed class JoinModel<TData>
    where TData : class
{
    public List<(Type MessageType, Action<SagaContext<TData>>? OnArrival, Func<ContextArgs<TData>, object, SagaContext<TData>> MakeContext)> Members { get; } = [];
}
