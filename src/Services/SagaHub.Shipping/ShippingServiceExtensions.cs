using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SagaHub.Contracts;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Shipping;

/// <summary>Registers the shipping service on a MassTransit bus.</summary>
public static class ShippingServiceExtensions
{
    /// <summary>
    /// Adds the shipping service: <see cref="ShippingOptions"/>, its database
    /// (<see cref="ShippingDbContext"/>, scoped, on <see cref="ShippingOptions.Database"/>) with its
    /// inbox, outbox sweep and schema migration (at host start and before the first message), the
    /// <see cref="ShipmentLog"/> (a singleton), <see cref="TimeProvider.System"/> unless a <see cref="TimeProvider"/> is registered, and the
    /// <see cref="ShipOrderConsumer"/> on the <see cref="Queues.Shipping"/> queue with <see cref="ServiceEndpointOptions.Retry"/>.
    /// Bind the <see cref="ShippingOptions.SectionName"/> section yourself
    /// (<c>services.Configure&lt;ShippingOptions&gt;(section)</c>) to read it from configuration.
    /// </summary>
    /// <param name="bus">The bus being configured (inside <c>AddMassTransit</c>).</param>
    /// <param name="configure">Changes the options after the defaults and any bound configuration.</param>
    /// <returns>The same configurator, for chaining.</returns>
    public static IBusRegistrationConfigurator AddShippingService(
        this IBusRegistrationConfigurator bus,
        Action<ShippingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var options = bus.AddOptions<ShippingOptions>()
            .Validate(o => o.FailCustomers is not null && o.FailSkus is not null, "Shipping:FailCustomers and Shipping:FailSkus must be set.")
            .Validate(o => o.Retry is not null, "Shipping:Retry must be set.")
            .Validate(o => o.Database?.Problem($"{ShippingOptions.SectionName}:Database") is null, "Shipping:Database needs a Provider (PostgreSql or Sqlite), and a ConnectionString for PostgreSql.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton(sp => new ServiceDatabase<ShippingDbContext>(sp.GetRequiredService<IOptions<ShippingOptions>>().Value.Database, ShippingDbContext.Schema));
        bus.AddDbContext<ShippingDbContext>((sp, db) => sp.GetRequiredService<ServiceDatabase<ShippingDbContext>>().Configure(db), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        bus.AddSagaHubInbox<ShippingDbContext>();
        bus.AddSchemaMigration<ShippingDbContext>(sp => sp.GetRequiredService<ServiceDatabase<ShippingDbContext>>().Tables, ShippingSchema.Component, ShippingSchema.Scripts);
        bus.AddSingleton<ShipmentLog>();
        bus.AddConsumer<ShipOrderConsumer, ServiceConsumerDefinition<ShipOrderConsumer, ShippingOptions>>();
        return bus;
    }
}
