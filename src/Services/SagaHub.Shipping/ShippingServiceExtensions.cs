using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts;
using SagaHub.ServiceDefaults;

namespace SagaHub.Shipping;

/// <summary>Registers the shipping service on a MassTransit bus.</summary>
public static class ShippingServiceExtensions
{
    /// <summary>The shipping data: its section, schema and scripts, and the carrier rules' check.</summary>
    private static readonly ServiceData<ShippingOptions, ShippingDbContext> Data = new(ShippingOptions.SectionName, ShippingDbContext.Schema, ShippingSchema.Scripts)
    {
        Rules = [(o => o.FailCustomers is not null && o.FailSkus is not null, "Shipping:FailCustomers and Shipping:FailSkus must be set.")],
    };

    /// <summary>
    /// Adds the shipping service: <see cref="ShippingOptions"/> and its database (<see cref="ShippingDbContext"/>) with
    /// inbox, outbox sweep and schema migration (<see cref="ServiceDataExtensions.AddServiceData"/>), the
    /// <see cref="ShipmentLog"/> (a singleton) and the <see cref="ShipOrderConsumer"/> on the <see cref="Queues.Shipping"/>
    /// queue with <see cref="ServiceEndpointOptions.Retry"/>. Bind the <see cref="ShippingOptions.SectionName"/> section
    /// yourself (<c>services.Configure&lt;ShippingOptions&gt;(section)</c>) to read it from configuration.
    /// </summary>
    /// <param name="bus">The bus being configured (inside <c>AddMassTransit</c>).</param>
    /// <param name="configure">Changes the options after the defaults and any bound configuration.</param>
    /// <returns>The same configurator, for chaining.</returns>
    public static IBusRegistrationConfigurator AddShippingService(
        this IBusRegistrationConfigurator bus,
        Action<ShippingOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddServiceData(Data, configure);
        bus.AddSingleton<ShipmentLog>();
        bus.AddServiceConsumer<ShipOrderConsumer, ShippingOptions>();
        return bus;
    }
}
