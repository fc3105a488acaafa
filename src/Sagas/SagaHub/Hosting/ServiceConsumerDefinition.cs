using MassTransit;
using Microsoft.Extensions.Options;

namespace SagaHub;

/// <summary>
/// Puts a service consumer on its service's queue with bounded exponential retry and jitter; non-retryable exceptions
/// fault at once.
/// </summary>
/// <remarks>
/// A message that fails because the process is stopping goes back to the broker, not to <c>_error</c>. Register with
/// <c>bus.AddConsumer&lt;TConsumer, ServiceConsumerDefinition&lt;TConsumer, TOptions&gt;&gt;()</c>.
/// </remarks>
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
