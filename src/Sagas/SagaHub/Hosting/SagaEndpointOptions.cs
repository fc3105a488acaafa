namespace SagaHub;

/// <summary>Settings of one saga's receive endpoint.</summary>
public sealed class SagaEndpointOptions
{
    /// <summary>Retry of failed messages (transient errors, concurrency conflicts).</summary>
    public RetryOptions Retry { get; set; } = new() { MinInterval = TimeSpan.FromMilliseconds(10), IntervalDelta = TimeSpan.FromMilliseconds(20), MaxInterval = TimeSpan.FromSeconds(2), RetryLimit = 10 };

    /// <summary>How many messages the endpoint handles at once; null for the transport's default.</summary>
    public int? ConcurrentMessageLimit { get; set; }

    /// <summary>
    /// The largest message body, in bytes, the endpoint accepts. A larger message is not deserialized into its
    /// type nor handled: it faults at once (no retries) to the endpoint's <c>_error</c> queue with
    /// <see cref="MessageTooLargeException"/>, whose message names the size and the limit. Null turns the check off.
    /// </summary>
    /// <value>Defaults to <see cref="MessageSizeLimit.DefaultMaxMessageSize"/> (256 KiB).</value>
    public int? MaxMessageSize { get; set; } = MessageSizeLimit.DefaultMaxMessageSize;
}
