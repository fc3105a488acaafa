using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SagaHub.Contracts;

namespace SagaHub.Payments;

/// <summary>Puts a payments consumer on the <see cref="Queues.Payments"/> queue with the service's retry.</summary>
internal sealed class PaymentsConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public PaymentsConsumerDefinition() => EndpointName = Queues.Payments;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        var options = context.GetRequiredService<IOptions<PaymentsOptions>>().Value;

        // Every consumer of the service adds the same retry to the shared queue; MassTransit runs one
        // retry per message however often it is added, so the attempts stay 1 + RetryLimit (tested).
        endpointConfigurator.UseSagaHubRetry(options.Retry, typeof(TConsumer).Name);
    }
}
