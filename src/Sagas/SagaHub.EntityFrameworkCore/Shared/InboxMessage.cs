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
