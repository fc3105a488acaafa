namespace SagaHub;

/// <summary>
/// One saga instance as the engine sees it: id, state, data and SagaHub's bookkeeping (deadline, compensation stack,
/// join arrivals, open human task).
/// </summary>
/// <remarks>
/// A plain unit test fires messages at it, no bus needed, with
/// <see cref="SagaDefinition{TData, TStatus}.Fire{TMessage}(SagaInstance{TData, TStatus}, TMessage, Guid?, DateTimeOffset?)"/>.
/// </remarks>
/// <typeparam name="TData">The saga's persisted data.</typeparam>
/// <typeparam name="TStatus">The saga's states.</typeparam>
public sealed class SagaInstance<TData, TStatus>
    where TData : class
    where TStatus : struct, Enum
{
    private readonly List<SagaHistoryEntry> history = [];

    internal SagaInstance(Guid id, TData data)
    {
        Id = id;
        Data = data;
    }

    /// <summary>The correlation id.</summary>
    public Guid Id { get; }

    /// <summary>The current state. Meaningless until <see cref="IsStarted"/>.</summary>
    public TStatus Status { get; internal set; }

    /// <summary>Whether an initiating message has created this saga.</summary>
    public bool IsStarted { get; internal set; }

    /// <summary>Whether the saga is in a final state.</summary>
    public bool IsFinal { get; internal set; }

    /// <summary>Whether the saga is in a parked state: it waits for an operator.</summary>
    public bool IsParked { get; internal set; }

    /// <summary>When the saga has waited in its state longer than the state expects; null when the state declares no expectation.</summary>
    public DateTimeOffset? ExpectedBy { get; internal set; }

    /// <summary>The saga's data.</summary>
    public TData Data { get; internal set; }

    /// <summary>The concurrency token: the number of saved writes (0 = never saved).</summary>
    public long Version { get; internal set; }

    /// <summary>The sequence number of the newest history row.</summary>
    public long LastSequence { get; internal set; }

    /// <summary>The pending deadline, if the state has a timeout or a human task.</summary>
    public SagaDeadline? Deadline { get; internal set; }

    /// <summary>Undo commands of completed steps, oldest first (they are issued newest first).</summary>
    public IReadOnlyList<PendingCompensation> Compensations => CompensationStack;

    /// <summary>The compensation run in progress, if any.</summary>
    public CompensationRun? Compensating { get; internal set; }

    /// <summary>The messages of the current state's join that have arrived (type short names).</summary>
    public IReadOnlyList<string> JoinArrivals => JoinArrivalList;

    /// <summary>The human task of the current state, or the last one closed.</summary>
    public HumanTask? Task { get; internal set; }

    /// <summary>The attempt of the current state's <c>Retry</c> policy; null in a state without one.</summary>
    public SagaStepAttempt? Attempt { get; internal set; }

    /// <summary>When the saga was created.</summary>
    public DateTimeOffset CreatedAt { get; internal set; }

    /// <summary>When the saga last changed.</summary>
    public DateTimeOffset UpdatedAt { get; internal set; }

    /// <summary>
    /// History rows appended to this object: in a pure unit test, the saga's whole history;
    /// at run time only the rows of the message being handled (the store keeps the rest).
    /// </summary>
    public IReadOnlyList<SagaHistoryEntry> History => history;

    internal List<PendingCompensation> CompensationStack { get; } = [];

    internal List<string> JoinArrivalList { get; } = [];

    internal void Replace(SagaHistoryEntry entry)
    {
        var index = history.FindIndex(e => e.Sequence == entry.Sequence);
        history[index] = entry;
    }

    internal void Append(SagaHistoryEntry entry)
    {
        LastSequence = entry.Sequence;
        history.Add(entry);
    }
}
