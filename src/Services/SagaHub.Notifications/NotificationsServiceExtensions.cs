using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using SagaHub.Contracts;

namespace SagaHub.Notifications;

/// <summary>Registers the notifications service on a MassTransit bus.</summary>
public static class NotificationsServiceExtensions
{
    /// <summary>
    /// Adds the <see cref="NotificationLog"/> (a singleton), <see cref="NotificationsOptions"/>,
    /// <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered, and the
    /// <see cref="SendNotificationConsumer"/> on the <see cref="Queues.Notifications"/> queue with
    /// <see cref="ServiceEndpointOptions.Retry"/>. Bind the <see cref="NotificationsOptions.SectionName"/> section
    /// yourself (<c>services.Configure&lt;NotificationsOptions&gt;(section)</c>) to read it from configuration.
    /// </summary>
    /// <param name="bus">The bus being configured (inside <c>AddMassTransit</c>).</param>
    /// <param name="configure">Changes the options after the defaults and any bound configuration.</param>
    /// <returns>The same configurator, for chaining.</returns>
    public static IBusRegistrationConfigurator AddNotificationsService(
        this IBusRegistrationConfigurator bus,
        Action<NotificationsOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var options = bus.AddOptions<NotificationsOptions>()
            .Validate(o => o.Retry is not null, "Notifications:Retry must be set.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton<NotificationLog>();
        bus.AddConsumer<SendNotificationConsumer, ServiceConsumerDefinition<SendNotificationConsumer, NotificationsOptions>>();
        return bus;
    }
}
