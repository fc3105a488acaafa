namespace SagaHub;

/// <summary>One line of the operator audit: an action on something that is not one saga (a dead-letter replay or delete), who did it, why, and what it did.</summary>
/// <remarks>
/// Actions on a saga are recorded in that saga's history (<see cref="SagaHistoryKind.OperatorAction"/>); this record is for the
/// rest. An action writes a <see cref="OperatorAuditOutcome.Requested"/> entry before it changes anything and a second entry with
/// the same <see cref="RequestId"/> when it has run, so a crash between the two still shows who started what.
/// </remarks>
public sealed record OperatorAuditEntry
{
    /// <summary>The entry's own id.</summary>
    public required Guid Id { get; init; }

    /// <summary>Where the store appended it: increasing in append order, given by the store (0 on an entry not yet appended).</summary>
    public long Sequence { get; init; }

    /// <summary>The request the entry belongs to: its requested entry and its result share it.</summary>
    public required Guid RequestId { get; init; }

    /// <summary>When the entry was written.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Who acted.</summary>
    public required string Actor { get; init; }

    /// <summary>Why.</summary>
    public required string Reason { get; init; }

    /// <summary>The action (<c>dead-letters.replay</c>, <c>dead-letters.delete</c>).</summary>
    public required string Action { get; init; }

    /// <summary>What the action was asked to act on, as a person reads it (<c>all of orders-saga_error (at most 100)</c>).</summary>
    public required string Target { get; init; }

    /// <summary>Whether this is the request or its result.</summary>
    public required OperatorAuditOutcome Outcome { get; init; }

    /// <summary>What was done, as a person reads it (<c>replayed 3, not found 1, failed 0</c>); null for a request.</summary>
    public string? Summary { get; init; }

    /// <summary>What was done to each item, as JSON (message ids, types, queues, sagas, results); null when there is nothing to say.</summary>
    public string? Detail { get; init; }
}
