namespace SagaHub;

/// <summary>
/// A saga instance as a store keeps it: a row of plain values (the data as JSON), so any store
/// (in memory, SQLite, PostgreSQL) can persist it. <see cref="Version"/> is the concurrency token.
/// </summary>
public sealed record SagaSnapshot
{
    /// <summary>The saga definition's name.</summary>
    public required string SagaType { get; init; }

    /// <summary>The correlation id.</summary>
    public required Guid SagaId { get; init; }

    /// <summary>The current state's name.</summary>
    public required string State { get; init; }

    /// <summary>Whether the state is final.</summary>
    public required bool IsFinal { get; init; }

    /// <summary>The saga's data as JSON.</summary>
    public required string Data { get; init; }

    /// <summary>The number of saved writes; a save must name the version it replaces.</summary>
    public required long Version { get; init; }

    /// <summary>The newest history row's sequence number.</summary>
    public required long LastSequence { get; init; }

    /// <summary>The pending deadline, if any (indexed by stores for the timer scan).</summary>
    public SagaDeadline? Deadline { get; init; }

    /// <summary>The compensation stack, oldest first.</summary>
    public IReadOnlyList<PendingCompensation> Compensations { get; init; } = [];

    /// <summary>The compensation run in progress.</summary>
    public CompensationRun? Compensating { get; init; }

    /// <summary>Arrived join members (type short names).</summary>
    public IReadOnlyList<string> JoinArrivals { get; init; } = [];

    /// <summary>The current or last human task.</summary>
    public HumanTask? Task { get; init; }

    /// <summary>The attempt of the current state's retry policy, if it has one.</summary>
    public SagaStepAttempt? Attempt { get; init; }

    /// <summary>When the saga started.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>When it last changed.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Whether the state is parked: the saga cannot go on by itself and waits for an operator.</summary>
    public bool IsParked { get; init; }

    /// <summary>When the saga has waited in its state longer than the state expects (its definition's <c>ExpectWithin</c>); null when the state declares no expectation.</summary>
    public DateTimeOffset? ExpectedBy { get; init; }

    /// <summary>The values of the saga's data its definition marks searchable, by name (for example <c>customerId</c>).</summary>
    public IReadOnlyDictionary<string, string> SearchValues { get; init; } = EmptySearchValues;

    /// <summary>The <see cref="ISagaDefinition.Version"/> of the definition that wrote the row.</summary>
    /// <value>Defaults to 1.</value>
    public int DefinitionVersion { get; init; } = 1;

    private static readonly IReadOnlyDictionary<string, string> EmptySearchValues = new Dictionary<string, string>();
}
