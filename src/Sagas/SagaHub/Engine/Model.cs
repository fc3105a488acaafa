namespace SagaHub;

/// <summary>What kind of trigger a transition answers.</summary>
internal enum TriggerKind
{
    Message,
    Timeout,
    TaskApproved,
    TaskRejected,
    TaskExpired,
    Join,
}

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

internal readonly record struct ContextArgs<TData>(Guid SagaId, TData Data, string State, DateTimeOffset Now, FireEffects Effects, Guid MessageId)
    where TData : class;

internal sealed class HumanTaskModel<TData>
    where TData : class
{
    public string Name { get; set; } = "Decide";

    public string? Assignee { get; set; }

    public TimeSpan? DueIn { get; set; }

    public string? EscalateTo { get; set; }

    public List<Action<SagaContext<TData>>> OnEscalated { get; } = [];

    public TimeSpan? ExpireAfterEscalation { get; set; }
}

internal sealed class JoinModel<TData>
    where TData : class
{
    public List<(Type MessageType, Action<SagaContext<TData>>? OnArrival, Func<ContextArgs<TData>, object, SagaContext<TData>> MakeContext)> Members { get; } = [];
}

internal sealed class StateModel<TData, TStatus>
    where TData : class
    where TStatus : struct, Enum
{
    public StateModel(TStatus status)
    {
        Status = status;
        Name = status.ToString();
    }

    public TStatus Status { get; }

    public string Name { get; }

    public bool Declared { get; set; }

    public bool IsFinal { get; set; }

    public List<Action<SagaContext<TData>>> OnEnter { get; } = [];

    public List<Action<SagaContext<TData>>> OnExit { get; } = [];

    public List<TransitionModel<TData, TStatus>> Transitions { get; } = [];

    public HashSet<Type> Ignored { get; } = [];

    public TimeSpan? TimeoutAfter { get; set; }

    public HumanTaskModel<TData>? Task { get; set; }

    public JoinModel<TData>? Join { get; set; }

    public IEnumerable<TransitionModel<TData, TStatus>> For(TriggerKind kind, Type? messageType = null) =>
        Transitions.Where(t => t.Kind == kind && (messageType is null || t.MessageType == messageType));
}

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
