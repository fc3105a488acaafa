namespace SagaHub.Management;

/// <summary>What a replay or delete did with one message.</summary>
public enum DeadLetterResult
{
    /// <summary>Sent back to its source queue (confirmed by the broker) and taken out of the dead-letter queue.</summary>
    Replayed,

    /// <summary>Taken out of the dead-letter queue.</summary>
    Deleted,

    /// <summary>No message with the id is in the queues looked at.</summary>
    NotFound,

    /// <summary>Not done; the message stays in its dead-letter queue (see the detail).</summary>
    Failed,
}
