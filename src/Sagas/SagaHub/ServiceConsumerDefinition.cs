using MassTransit;
using Microsoft.Extensions.Options;

namespace SagaHub;

/// <summary>Base of the options of a service whose consumers share one queue: the queue and the retries.</summary>
public abstract class ServiceEndpointOptions
{
    /// <summary>The queue the service's consumers listen on.</summary>
    public abstract string QueueName { get; }

    /// <summary>Retry of the service's consumers, unless <see cref="ConsumerRetry"/> names one.</summary>
    /// <value>Defaults to <see cref="RetryOptions"/>' defaults.</value>
    public RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// The largest message body, in bytes, the service's queue accepts. A larger message is not deserialized into
    /// its type nor handled: it faults at once (no retries) to the queue's <c>_error</c> queue with
    /// <see cref="MessageTooLargeException"/>. Null turns the check off.
    /// </summary>
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

/// <summary>
/// Puts a service consumer on its service's queue with bounded exponential retry (and jitter) for
/// that consumer; non-retryable exceptions fault at once. A message that fails because the process is stopping goes
/// back to the broker, not to <c>_error</c>. Register with
/// <c>bus.AddConsumer&lt;TConsumer, ServiceConsumerDefinition&lt;TConsumer, TOptions&gt;&gt;()</c>.
/// </summary>
/// <typeparam name="TConsumer">The consumer.</typeparam>
/// <typeparam name="TOptions">The service's options.</typeparam>
public sealed class ServiceConsumerDefinition<TConsumer, TOptions> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
    where TOptions : ServiceEndpointOptions
{
    private readonly RetryOptions retry;
    private readonly int? maxMessageSize;
    private readonly string queue;

    /// <summary>Reads the queue and the consumer's retry from the service's options.</summary>
    /// <param name="options">The service's options.</param>
    public ServiceConsumerDefinition(IOptions<TOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        EndpointName = queue = options.Value.QueueName;
        retry = options.Value.RetryFor(typeof(TConsumer));
        retry.Validate(typeof(TConsumer).Name);
        maxMessageSize = options.Value.MaxMessageSize;
        MessageSizeLimit.Validate(maxMessageSize, queue);
    }

    /// <inheritdoc />
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(consumerConfigurator);
        MessageSizeLimit.Apply(endpointConfigurator, maxMessageSize, queue, context);
        RequeueWhileStopping.Apply(endpointConfigurator, queue, context);
        consumerConfigurator.UseSagaHubRetry(retry, typeof(TConsumer).Name);
    }
}
