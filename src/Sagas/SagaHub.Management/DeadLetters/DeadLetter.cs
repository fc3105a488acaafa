namespace SagaHub.Management;

/// <summary>One message in a dead-letter queue, with the fault that put it there and the saga it belongs to when one can be found.</summary>
public sealed record DeadLetter
{
    /// <summary>The id the API knows it by: its MassTransit message id, else a hash of its body.</summary>
    public required string Id { get; init; }

    /// <summary>The dead-letter queue it is in (<c>orders-saga_error</c>).</summary>
    public required string Queue { get; init; }

    /// <summary>The queue it failed in and a replay sends it to (<c>orders-saga</c>).</summary>
    public required string SourceQueue { get; init; }

    /// <summary>Its message type without namespace (<c>OrderSubmitted</c>), from the envelope; null when the body is not an envelope.</summary>
    public string? MessageType { get; init; }

    /// <summary>Its MassTransit message id, when it has one.</summary>
    public string? MessageId { get; init; }

    /// <summary>Why MassTransit moved it (<c>MT-Reason</c>): <c>fault</c> for an error queue, <c>dead-letter</c> for a skipped one.</summary>
    public string? Reason { get; init; }

    /// <summary>The exception's type (<c>MT-Fault-ExceptionType</c>), for a fault.</summary>
    public string? ExceptionType { get; init; }

    /// <summary>The exception's message (<c>MT-Fault-Message</c>), or what a skip means.</summary>
    public string? FaultReason { get; init; }

    /// <summary>When it faulted (<c>MT-Fault-Timestamp</c>).</summary>
    public DateTimeOffset? FaultedAt { get; init; }

    /// <summary>The saga it belongs to: the one whose queue it failed in, else the one that sent it; null when unknown.</summary>
    public string? SagaType { get; init; }

    /// <summary>The instance of <see cref="SagaType"/> it belongs to, when the message shows it.</summary>
    public Guid? SagaId { get; init; }

    /// <summary>The body as it is in the queue (a MassTransit envelope: JSON).</summary>
    public required string Body { get; init; }
}
