using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts;
using SagaHub.ServiceDefaults;

namespace SagaHub.Notifications;

/// <summary>Registers the notifications service on a MassTransit bus.</summary>
public static class NotificationsServiceExtensions
{
    /// <summary>The notifications' data: its section, schema and scripts.</summary>
    private static readonly ServiceData<NotificationsOptions, NotificationsDbContext> Data = new(NotificationsOptions.SectionName, NotificationsDbContext.Schema, NotificationsSchema.Scripts);

    /// <summary>
    /// Adds the notifications service: <see cref="NotificationsOptions"/> and its database
    /// (<see cref="NotificationsDbContext"/>) with inbox, outbox sweep and schema migration
    /// (<see cref="ServiceDataExtensions.AddServiceData"/>), the <see cref="NotificationLog"/> (a singleton) and the
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
        bus.AddServiceData(Data, configure);
        bus.AddSingleton<NotificationLog>();
        bus.AddServiceConsumer<SendNotificationConsumer, NotificationsOptions>();
        return bus;
    }
}
