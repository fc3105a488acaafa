using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SagaHub.Contracts;

namespace SagaHub.Shipping;

/// <summary>Puts a shipping consumer on the <see cref="Queues.Shipping"/> queue with the service's retry.</summary>
internal sealed class ShippingConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public ShippingConsumerDefinition() => EndpointName = Queues.Shipping;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        var options = context.GetRequiredService<IOptions<ShippingOptions>>().Value;
        endpointConfigurator.UseSagaHubRetry(options.Retry, typeof(TConsumer).Name);
    }
}
