namespace SagaHub;

internal sealed class CompensationModel<TData, TStatus>
    where TData : class
    where TStatus : struct, Enum
{
    public CompensationModel(TStatus status) => Status = status;

    public TStatus Status { get; }

    public Dictionary<Type, Type> Confirmations { get; } = [];

    public TStatus? FailureState { get; set; }

    public List<Action<SagaContext<TData>>> OnFailure { get; } = [];

    public TimeSpan? Timeout { get; set; }
}
