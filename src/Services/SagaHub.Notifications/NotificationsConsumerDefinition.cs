using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SagaHub.Contracts;

namespace SagaHub.Notifications;

/// <summary>Puts a notifications consumer on the <see cref="Queues.Notifications"/> queue with the service's retry.</summary>
internal sealed class NotificationsConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    public NotificationsConsumerDefinition() => EndpointName = Queues.Notifications;

    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator,
        IConsumerConfigurator<TConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        var options = context.GetRequiredService<IOptions<NotificationsOptions>>().Value;
        endpointConfigurator.UseSagaHubRetry(options.Retry, typeof(TConsumer).Name);
    }
}
