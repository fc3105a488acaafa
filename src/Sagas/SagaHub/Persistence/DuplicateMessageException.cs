namespace SagaHub;

/// <summary>The inbox already holds this message: it was handled before and is skipped.</summary>
public sealed class DuplicateMessageException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="consumer">The consumer.</param>
    /// <param name="messageId">The message id.</param>
    public DuplicateMessageException(string consumer, Guid messageId)
        : base($"Message {messageId} was already handled by '{consumer}'.")
    {
        Consumer = consumer;
        MessageId = messageId;
    }

    /// <summary>The consumer.</summary>
    public string Consumer { get; }

    /// <summary>The message id.</summary>
    public Guid MessageId { get; }
}
