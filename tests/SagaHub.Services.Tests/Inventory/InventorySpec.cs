using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.EntityFrameworkCore;
using SagaHub.Inventory;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Inventory;

/// <summary>
/// Starts the inventory service on the in-memory harness with a small, known stock, in its default
/// SQLite temp database unless <see cref="Database"/> says otherwise.
/// </summary>
public abstract class InventorySpec : IAsyncLifetime
{
    protected ServiceHarness Service { get; private set; } = null!;

    protected InventoryStore Store => Service.Get<InventoryStore>();

    protected Guid OrderId { get; } = Guid.NewGuid();

    /// <summary>Where the service keeps its data; null for the default (SQLite in a temp file).</summary>
    protected virtual ServiceDatabaseOptions? Database => null;

    public async Task InitializeAsync()
    {
        Service = await ServiceHarness.Start(bus => bus.AddInventoryService(options =>
        {
            options.InitialStock.Clear();
            options.InitialStock["SKU-RED"] = 10;
            options.InitialStock["SKU-BLUE"] = 5;
            options.InitialStock["SKU-RARE"] = 0;
            Configure(options);
            if (Database is { } database)
            {
                options.Database = database;
            }
        }));
        await When();
    }

    /// <summary>Changes the options after the spec's defaults.</summary>
    protected virtual void Configure(InventoryOptions options)
    {
    }

    public async Task DisposeAsync() => await Service.DisposeAsync();

    protected abstract Task When();

    protected Task Reserve(params OrderLine[] lines) => Service.Send(Queues.Inventory, new ReserveStock(OrderId, lines));
}
