namespace SagaHub;

/// <summary>Base of the options of a service whose consumers share one queue: the queue and the retries.</summary>
public abstract class ServiceEndpointOptions
{
    /// <summary>The queue the service's consumers listen on.</summary>
    public abstract string QueueName { get; }

    /// <summary>Retry of the service's consumers, unless <see cref="ConsumerRetry"/> names one.</summary>
    /// <value>Defaults to <see cref="RetryOptions"/>' defaults.</value>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>The largest message body, in bytes, the service's queue accepts; null turns the check off.</summary>
    /// <remarks>
    /// A larger message is not handled: it faults at once, without retries, to the queue's <c>_error</c> queue with
    /// <see cref="MessageTooLargeException"/>.
    /// </remarks>
    /// <value>Defaults to <see cref="MessageSizeLimit.DefaultMaxMessageSize"/> (256 KiB).</value>
    public int? MaxMessageSize { get; set; } = MessageSizeLimit.DefaultMaxMessageSize;

    /// <summary>Retry of single consumers, by consumer class name (e.g. <c>ChargePaymentConsumer</c>).</summary>
    public IDictionary<string, RetryOptions> ConsumerRetry { get; } = new Dictionary<string, RetryOptions>(StringComparer.Ordinal);

    /// <summary>The retry of one consumer: its own when configured, else <see cref="Retry"/>.</summary>
    /// <param name="consumerType">The consumer.</param>
    /// <returns>The retry settings.</returns>
    public RetryOptions RetryFor(Type consumerType)
    {
        ArgumentNullException.ThrowIfNull(consumerType);
        return ConsumerRetry.TryGetValue(consumerType.Name, out var own) ? own : Retry;
    }
}
