using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SagaHub.Contracts;
using SagaHub.EntityFrameworkCore;
using SagaHub.ServiceDefaults;

namespace SagaHub.Inventory;

/// <summary>Registers the inventory service on a MassTransit bus.</summary>
public static class InventoryServiceExtensions
{
    /// <summary>The inventory's data: its section, schema and scripts, its stock rule, and the seeding after a migration.</summary>
    private static readonly ServiceData<InventoryOptions, InventoryDbContext> Data = new(InventoryOptions.SectionName, InventoryDbContext.Schema, InventorySchema.Scripts)
    {
        Rules = [(o => o.InitialStock.Values.All(quantity => quantity >= 0), "Inventory:InitialStock quantities must be 0 or more.")],
        AfterMigrate = SeedInitialStockAsync,
    };

    /// <summary>
    /// Adds the inventory service: <see cref="InventoryOptions"/> and its database (<see cref="InventoryDbContext"/>)
    /// with inbox, outbox sweep and schema migration (<see cref="ServiceDataExtensions.AddServiceData"/>; the
    /// <see cref="InventoryOptions.InitialStock"/> SKUs missing from the database are seeded after the migration), the
    /// <see cref="InventoryStore"/> (a singleton) and the inventory consumers, all on the <see cref="Queues.Inventory"/>
    /// queue with <see cref="ServiceEndpointOptions.Retry"/>. Bind the <see cref="InventoryOptions.SectionName"/> section
    /// yourself (<c>services.Configure&lt;InventoryOptions&gt;(section)</c>) to read it from configuration.
    /// </summary>
    /// <param name="bus">The bus being configured (inside <c>AddMassTransit</c>).</param>
    /// <param name="configure">Changes the options after the defaults and any bound configuration.</param>
    /// <returns>The same configurator, for chaining.</returns>
    public static IBusRegistrationConfigurator AddInventoryService(
        this IBusRegistrationConfigurator bus,
        Action<InventoryOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddServiceData(Data, configure);
        bus.AddSingleton<InventoryStore>();
        bus.AddServiceConsumer<ReserveStockConsumer, InventoryOptions>();
        bus.AddServiceConsumer<ReleaseStockConsumer, InventoryOptions>();
        bus.AddServiceConsumer<RestockItemsConsumer, InventoryOptions>();
        return bus;
    }

    /// <summary>Inserts the configured SKUs the database does not have yet, under a lock (hosts may start together).</summary>
    private static async Task SeedInitialStockAsync(InventoryDbContext db, IServiceProvider services, CancellationToken cancellationToken)
    {
        var stock = services.GetRequiredService<IOptions<InventoryOptions>>().Value.InitialStock;
        if (stock.Count == 0)
        {
            return;
        }

        var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (transaction.ConfigureAwait(false))
        {
            await ServiceLocks.LockAsync(db, "inventory-seed", cancellationToken).ConfigureAwait(false);
            await InventoryOperations.SeedAsync(db, stock, cancellationToken).ConfigureAwait(false);
            await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
    }
}
