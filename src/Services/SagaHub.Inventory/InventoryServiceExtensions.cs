using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts;

namespace SagaHub.Inventory;

/// <summary>Registers the inventory service on a MassTransit bus.</summary>
public static class InventoryServiceExtensions
{
    /// <summary>
    /// Adds the <see cref="InventoryStore"/> (a singleton), <see cref="InventoryOptions"/> and the
    /// inventory consumers, all on the <see cref="Queues.Inventory"/> queue with
    /// <see cref="ServiceEndpointOptions.Retry"/>. Bind the <see cref="InventoryOptions.SectionName"/>
    /// section yourself (<c>services.Configure&lt;InventoryOptions&gt;(section)</c>) to read it from configuration.
    /// </summary>
    /// <param name="bus">The bus being configured (inside <c>AddMassTransit</c>).</param>
    /// <param name="configure">Changes the options after the defaults and any bound configuration.</param>
    /// <returns>The same configurator, for chaining.</returns>
    public static IBusRegistrationConfigurator AddInventoryService(
        this IBusRegistrationConfigurator bus,
        Action<InventoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        var options = bus.AddOptions<InventoryOptions>()
            .Validate(o => o.InitialStock.Values.All(quantity => quantity >= 0), "Inventory:InitialStock quantities must be 0 or more.")
            .Validate(o => o.Retry is not null, "Inventory:Retry must be set.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        bus.AddSingleton<InventoryStore>();
        bus.AddConsumer<ReserveStockConsumer, ServiceConsumerDefinition<ReserveStockConsumer, InventoryOptions>>();
        bus.AddConsumer<ReleaseStockConsumer, ServiceConsumerDefinition<ReleaseStockConsumer, InventoryOptions>>();
        bus.AddConsumer<RestockItemsConsumer, ServiceConsumerDefinition<RestockItemsConsumer, InventoryOptions>>();
        return bus;
    }
}
