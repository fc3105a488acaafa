using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using SagaHub.Contracts;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Inventory;

/// <summary>Registers the inventory service on a MassTransit bus.</summary>
public static class InventoryServiceExtensions
{
    /// <summary>
    /// Adds the inventory service: <see cref="InventoryOptions"/>, its database
    /// (<see cref="InventoryDbContext"/>, scoped, on <see cref="InventoryOptions.Database"/>) with its
    /// inbox, outbox sweep and schema migration (at host start and before the first message; the
    /// <see cref="InventoryOptions.InitialStock"/> SKUs missing from the database are seeded then),
    /// the <see cref="InventoryStore"/> (a singleton) and the inventory consumers, all on the
    /// <see cref="Queues.Inventory"/> queue with <see cref="ServiceEndpointOptions.Retry"/>. Bind the
    /// <see cref="InventoryOptions.SectionName"/> section yourself
    /// (<c>services.Configure&lt;InventoryOptions&gt;(section)</c>) to read it from configuration.
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
            .Validate(o => o.Database?.Problem($"{InventoryOptions.SectionName}:Database") is null, "Inventory:Database needs a Provider (PostgreSql or Sqlite), and a ConnectionString for PostgreSql.")
            .ValidateOnStart();
        if (configure is not null)
        {
            options.PostConfigure(configure);
        }

        bus.TryAddSingleton(TimeProvider.System);
        bus.AddSingleton(sp => new ServiceDatabase<InventoryDbContext>(sp.GetRequiredService<IOptions<InventoryOptions>>().Value.Database, InventoryDbContext.Schema));
        bus.AddDbContext<InventoryDbContext>((sp, db) => sp.GetRequiredService<ServiceDatabase<InventoryDbContext>>().Configure(db), ServiceLifetime.Scoped, ServiceLifetime.Singleton);
        bus.AddSagaHubInbox<InventoryDbContext>();
        bus.AddSchemaMigration<InventoryDbContext>(
            sp => sp.GetRequiredService<ServiceDatabase<InventoryDbContext>>().Tables,
            InventorySchema.Component,
            InventorySchema.Scripts,
            SeedInitialStockAsync);
        bus.AddSingleton<InventoryStore>();
        bus.AddConsumer<ReserveStockConsumer, ServiceConsumerDefinition<ReserveStockConsumer, InventoryOptions>>();
        bus.AddConsumer<ReleaseStockConsumer, ServiceConsumerDefinition<ReleaseStockConsumer, InventoryOptions>>();
        bus.AddConsumer<RestockItemsConsumer, ServiceConsumerDefinition<RestockItemsConsumer, InventoryOptions>>();
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
