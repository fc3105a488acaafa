namespace SagaHub;

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

    public bool IsParked { get; set; }

    public TimeSpan? ExpectedWithin { get; set; }

    public List<Action<SagaContext<TData>>> OnEnter { get; } = [];

    public List<Action<SagaContext<TData>>> OnExit { get; } = [];

    public List<TransitionModel<TData, TStatus>> Transitions { get; } = [];

    public HashSet<Type> Ignored { get; } = [];

    public TimeSpan? TimeoutAfter { get; set; }

    /// <summary>A timeout computed from the saga as it enters the state (<c>Timeout(ctx => ..., "description")</c>).</summary>
    public Func<SagaContext<TData>, TimeSpan>? TimeoutFrom { get; set; }

    /// <summary>What a computed timeout is, for diagrams: "the customer's SLA".</summary>
    public string? TimeoutDescription { get; set; }

    public bool HasTimeout => TimeoutAfter is not null || TimeoutFrom is not null;

    public HumanTaskModel<TData>? Task { get; set; }

    public JoinModel<TData>? Join { get; set; }

    public StepRetryModel? Retry { get; set; }

    public IEnumerable<TransitionModel<TData, TStatus>> For(TriggerKind kind, Type? messageType = null) =>
        Transitions.Where(t => t.Kind == kind && (messageType is null || t.MessageType == messageType));
}
