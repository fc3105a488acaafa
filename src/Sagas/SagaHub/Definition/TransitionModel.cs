namespace SagaHub;

internal sealed class TransitionModel<TData, TStatus>
    where TData : class
    where TStatus : struct, Enum
{
    public TransitionModel(TriggerKind kind, Type messageType, string triggerName, Func<ContextArgs<TData>, object, SagaContext<TData>> makeContext)
    {
        Kind = kind;
        MessageType = messageType;
        TriggerName = triggerName;
        MakeContext = makeContext;
    }

    public TriggerKind Kind { get; }

    public Type MessageType { get; }

    public string TriggerName { get; }

    public Func<ContextArgs<TData>, object, SagaContext<TData>> MakeContext { get; }

    public Func<SagaContext<TData>, bool>? Guard { get; set; }

    public string? GuardReason { get; set; }

    public bool IsOtherwise { get; set; }

    public List<Action<SagaContext<TData>>> Actions { get; } = [];

    public List<(Type CommandType, Func<SagaContext<TData>, object> Factory, string? Destination)> Compensations { get; } = [];

    public bool Compensate { get; set; }

    public TStatus? Target { get; set; }

    public bool HasTarget => Target.HasValue;

    public bool Stays { get; set; }

    public string Label => Kind switch
    {
        TriggerKind.Timeout => "timeout",
        _ => TriggerName,
    };
}
