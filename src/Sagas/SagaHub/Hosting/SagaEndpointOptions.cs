namespace SagaHub;

/// <summary>Settings of one saga's receive endpoint.</summary>
public sealed class SagaEndpointOptions
{
    /// <summary>Retry of failed messages (transient errors, concurrency conflicts).</summary>
    public RetryOptions Retry { get; set; } = new() { MinInterval = TimeSpan.FromMilliseconds(10), IntervalDelta = TimeSpan.FromMilliseconds(20), MaxInterval = TimeSpan.FromSeconds(2), RetryLimit = 10 };

    /// <summary>How many messages the endpoint handles at once; null for the transport's default.</summary>
    public int? ConcurrentMessageLimit { get; set; }

    /// <summary>The largest message body, in bytes, the endpoint accepts; null turns the check off.</summary>
    /// <remarks>
    /// A larger message is not handled: it faults at once, without retries, to the endpoint's <c>_error</c> queue with
    /// <see cref="MessageTooLargeException"/>, whose message names the size and the limit.
    /// </remarks>
    /// <value>Defaults to <see cref="MessageSizeLimit.DefaultMaxMessageSize"/> (256 KiB).</value>
    public int? MaxMessageSize { get; set; } = MessageSizeLimit.DefaultMaxMessageSize;
}
