namespace SagaHub;

/// <summary>Base type of every exception SagaHub throws on purpose.</summary>
public abstract class SagaHubException : Exception
{
    /// <summary>Creates the exception with a message that says what is wrong and how to fix it.</summary>
    protected SagaHubException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>Registration or options are wrong: thrown at start-up, says how to fix it.</summary>
public sealed class SagaConfigurationException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    public SagaConfigurationException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>A saga definition is invalid. Thrown by validation at start-up; names saga, state and message.</summary>
public sealed class SagaDefinitionException : SagaHubException
{
    /// <summary>Creates the exception from every problem found.</summary>
    public SagaDefinitionException(string sagaName, IReadOnlyList<string> problems)
        : base($"Saga '{sagaName}' is invalid:{Environment.NewLine}  - " + string.Join(Environment.NewLine + "  - ", problems))
    {
        SagaName = sagaName;
        Problems = problems;
    }

    /// <summary>The saga whose definition is invalid.</summary>
    public string SagaName { get; }

    /// <summary>One line per problem, each naming the state and message involved.</summary>
    public IReadOnlyList<string> Problems { get; }
}

/// <summary>
/// Another message changed the saga between this message's read and its write. The runtime
/// re-runs the whole message from a fresh read (it is retryable); the conflict is counted.
/// </summary>
public sealed class SagaConcurrencyException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    public SagaConcurrencyException(string sagaName, Guid sagaId, long expectedVersion, Exception? inner = null)
        : base($"Saga '{sagaName}' {sagaId} was changed by another message (expected version {expectedVersion}); the message will be re-run from a fresh read.", inner)
    {
        SagaName = sagaName;
        SagaId = sagaId;
        ExpectedVersion = expectedVersion;
    }

    /// <summary>The saga type.</summary>
    public string SagaName { get; }

    /// <summary>The saga instance.</summary>
    public Guid SagaId { get; }

    /// <summary>The version the write expected to replace.</summary>
    public long ExpectedVersion { get; }
}

/// <summary>
/// A message that cannot start a saga arrived for a saga id that does not exist. Never retried:
/// the message faults to the endpoint's error queue with this reason.
/// </summary>
public sealed class SagaNotFoundException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    public SagaNotFoundException(string sagaName, Guid sagaId, string messageType)
        : base($"Saga '{sagaName}' has no instance {sagaId} for message '{messageType}', and '{messageType}' cannot start one.")
    {
        SagaName = sagaName;
        SagaId = sagaId;
        MessageType = messageType;
    }

    /// <summary>The saga type.</summary>
    public string SagaName { get; }

    /// <summary>The correlation id the message carried.</summary>
    public Guid SagaId { get; }

    /// <summary>The message type's short name.</summary>
    public string MessageType { get; }
}

/// <summary>A message could not be correlated (its selector returned an empty id). Never retried.</summary>
public sealed class SagaCorrelationException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    public SagaCorrelationException(string sagaName, string messageType)
        : base($"Saga '{sagaName}': message '{messageType}' carries an empty correlation id; it cannot be routed to a saga instance.")
    {
        SagaName = sagaName;
        MessageType = messageType;
    }

    /// <summary>The saga type.</summary>
    public string SagaName { get; }

    /// <summary>The message type's short name.</summary>
    public string MessageType { get; }
}

/// <summary>A saga's action failed in a way that is a bug, not a transient fault (two guards passed, a send without a route). Never retried.</summary>
public sealed class SagaExecutionException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    public SagaExecutionException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}

/// <summary>
/// A message on a saga or service endpoint is larger than the endpoint's <c>MaxMessageSize</c>. Thrown
/// before the message is deserialized into its type or handled; never retried: the message faults to the
/// endpoint's error queue with this exception type and a message naming its size and the limit.
/// </summary>
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

internal static class SagaExceptions
{
    public static readonly Type[] NeverRetried =
    [
        typeof(SagaNotFoundException),
        typeof(SagaCorrelationException),
        typeof(SagaDefinitionException),
        typeof(SagaConfigurationException),
        typeof(SagaExecutionException),
        typeof(MessageTooLargeException),
    ];
}
