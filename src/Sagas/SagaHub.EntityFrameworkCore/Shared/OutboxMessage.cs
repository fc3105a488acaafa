namespace SagaHub.EntityFrameworkCore;

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
