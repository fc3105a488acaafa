namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// An inbox row: (consumer, message id) handled. Inserted in the same transaction as the handler's
/// changes; its primary key makes a second handling of the same message fail instead of repeating.
/// </summary>
public sealed class InboxMessage
{
    /// <summary>The consumer (a saga's name, or a service consumer's name).</summary>
    public required string Consumer { get; set; }

    /// <summary>The handled message's id.</summary>
    public required Guid MessageId { get; set; }

    /// <summary>When it was handled (retention is counted from here).</summary>
    public required DateTimeOffset ReceivedAt { get; set; }
}

/// <summary>
/// An outbox row: a message written in the same transaction as the change that produced it and
/// handed to the bus after the commit, with its message id kept; deleted once delivered.
/// </summary>
public sealed class OutboxMessage
{
    /// <summary>The message id the bus will carry (fixed when the row is written).</summary>
    public required Guid MessageId { get; set; }

    /// <summary>Who wrote it: a saga's name or a service consumer's name.</summary>
    public required string Source { get; set; }

    /// <summary>The saga instance or business key it belongs to (the bus's correlation id).</summary>
    public Guid CorrelationId { get; set; }

    /// <summary>The message's CLR type as <c>Full.Name, Assembly</c>.</summary>
    public required string MessageType { get; set; }

    /// <summary>The queue of a command; null for a published event.</summary>
    public string? Destination { get; set; }

    /// <summary>The message as JSON.</summary>
    public required string Body { get; set; }

    /// <summary>When it was written (the sweep takes rows older than its age).</summary>
    public required DateTimeOffset CreatedAt { get; set; }

    /// <summary>Until when a sweep holds the row (other hosts' sweeps pass it over); null when nobody does. Written by the sweep only (an insert leaves it out).</summary>
    public DateTimeOffset? ClaimedUntil { get; set; }

    /// <summary>When a sweep parked the row because it cannot be sent (its type does not load); null for a live row.</summary>
    public DateTimeOffset? FailedAt { get; set; }

    /// <summary>Why the row was parked, naming its message type; null for a live row.</summary>
    public string? Failure { get; set; }
}

/// <summary>A saga row.</summary>
internal sealed class SagaRow
{
    public required string SagaType { get; set; }

    public required Guid SagaId { get; set; }

    public required string State { get; set; }

    public bool IsFinal { get; set; }

    public required string Data { get; set; }

    public long Version { get; set; }

    public long LastSequence { get; set; }

    public int DefinitionVersion { get; set; }

    public Guid? DeadlineId { get; set; }

    public DateTimeOffset? DeadlineDueAt { get; set; }

    public SagaDeadlineKind? DeadlineKind { get; set; }

    public Guid? ClaimedDeadlineId { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }

    public required string Compensations { get; set; }

    public string? Runtime { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>A history row (append-only; unique per saga and sequence).</summary>
internal sealed class HistoryRow
{
    public required string SagaType { get; set; }

    public required Guid SagaId { get; set; }

    public long Sequence { get; set; }

    public required string FromState { get; set; }

    public required string ToState { get; set; }

    public required string Trigger { get; set; }

    public Guid? MessageId { get; set; }

    public DateTimeOffset At { get; set; }

    public SagaHistoryKind Kind { get; set; }

    public string? Detail { get; set; }
}

/// <summary>A human task row, written with the transition that creates, escalates or closes it.</summary>
internal sealed class TaskRow
{
    public Guid TaskId { get; set; }

    public required string SagaType { get; set; }

    public Guid SagaId { get; set; }

    public required string Name { get; set; }

    public required string State { get; set; }

    public required string Assignee { get; set; }

    public string? EscalateTo { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public bool Escalated { get; set; }

    public HumanTaskStatus Status { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
}
