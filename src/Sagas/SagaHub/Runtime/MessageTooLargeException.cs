namespace SagaHub;

/// <summary>A message on a saga or service endpoint is larger than the endpoint's <c>MaxMessageSize</c>.</summary>
/// <remarks>
/// Thrown before the message is deserialized or handled, and never retried: the message faults to the endpoint's error
/// queue with a message naming its size and the limit.
/// </remarks>
public sealed class MessageTooLargeException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="endpoint">The saga or service whose endpoint received the message.</param>
    /// <param name="messageId">The message id, when the message has one.</param>
    /// <param name="size">The message body's size in bytes.</param>
    /// <param name="limit">The endpoint's limit in bytes.</param>
    public MessageTooLargeException(string endpoint, Guid? messageId, long size, long limit)
        : base($"Message {messageId?.ToString() ?? "(no id)"} on '{endpoint}' is {size} bytes, over the endpoint's limit of {limit} bytes (MaxMessageSize); it was not handled.")
    {
        Endpoint = endpoint;
        MessageId = messageId;
        Size = size;
        Limit = limit;
    }

    /// <summary>The saga or service whose endpoint received the message.</summary>
    public string Endpoint { get; }

    /// <summary>The message id, when the message has one.</summary>
    public Guid? MessageId { get; }

    /// <summary>The message body's size in bytes.</summary>
    public long Size { get; }

    /// <summary>The endpoint's limit in bytes.</summary>
    public long Limit { get; }
}
