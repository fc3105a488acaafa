using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SagaHub.Contracts;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Notifications;

/// <summary>Registers the notifications service on a MassTransit bus.</summary>
public static class NotificationsServiceExtensions
{
    /// <summary>
    /// Adds the notifications service: <see cref="NotificationsOptions"/>, its database
    /// (<see cref="NotificationsDbContext"/>, scoped, on <see cref="NotificationsOptions.Database"/>)
    /// with its inbox, outbox sweep and schema migration (at host start and before the first
    /// message), the <see cref="NotificationLog"/> (a singleton), <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered, and the
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
            .Validate(o => o.Database?.Problem($"{NotificationsOptions.SectionName}:Database") is null, "Notifications:Database needs a Provider (PostgreSql or Sqlite), and a ConnectionString for PostgreSql.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton(sp => new ServiceDatabase<NotificationsDbContext>(sp.GetRequiredService<IOptions<NotificationsOptions>>().Value.Database, NotificationsDbContext.Schema));
        bus.AddDbContext<NotificationsDbContext>((sp, db) => sp.GetRequiredService<ServiceDatabase<NotificationsDbContext>>().Configure(db), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        bus.AddSagaHubInbox<NotificationsDbContext>();
        bus.AddSchemaMigration<NotificationsDbContext>(sp => sp.GetRequiredService<ServiceDatabase<NotificationsDbContext>>().Tables, NotificationsSchema.Component, NotificationsSchema.Scripts);
        bus.AddSingleton<NotificationLog>();
        bus.AddConsumer<SendNotificationConsumer, ServiceConsumerDefinition<SendNotificationConsumer, NotificationsOptions>>();
        return bus;
    }
}
