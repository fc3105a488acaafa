using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.EntityFrameworkCore;
using SagaHub.Services.Tests.Infrastructure;
using SagaHub.Shipping;

namespace SagaHub.Services.Tests.Shipping;

/// <summary>Shipping's rules on its database, without a bus: on SQLite (a temp file) and on PostgreSQL (a database per test).</summary>
public abstract class ShipmentLogContract : IAsyncLifetime
{
    private StoreHost _host = null!;

    protected ShipmentLog Log => _host.Get<ShipmentLog>();

    protected IServiceProvider Services => _host.Services;

    /// <summary>Where the service keeps its data; null for the default (SQLite in a temp file).</summary>
    protected virtual Task<ServiceDatabaseOptions?> DatabaseAsync() => Task.FromResult<ServiceDatabaseOptions?>(null);

    public async Task InitializeAsync()
    {
        var database = await DatabaseAsync();
        _host = StoreHost.Start(bus => bus.AddShippingService(options =>
        {
            if (database is not null)
            {
                options.Database = database;
            }
        }));
    }

    public virtual async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Ship_TwoOrders_GetDistinctTrackingNumbers()
    {
        var first = (await Log.ShipAsync(Guid.NewGuid(), "a")).Shipment;
        var second = (await Log.ShipAsync(Guid.NewGuid(), "b")).Shipment;

        Assert.NotEqual(first.TrackingNumber, second.TrackingNumber);
        Assert.Equal(["TRK-20260314-000001", "TRK-20260314-000002"], (await Log.ShipmentsAsync()).Select(s => s.TrackingNumber));
    }

    [Fact]
    public async Task Ship_SameOrderConcurrently_RecordsOneShipment()
    {
        var orderId = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Log.ShipAsync(orderId, "a"))));

        Assert.Single(results, r => r.Added);
        Assert.Single(results.Select(r => r.Shipment.TrackingNumber).Distinct());
        Assert.Single(await Log.ShipmentsAsync());
    }

    [Fact]
    public async Task Ship_ManyOrdersConcurrently_NumbersThemWithoutGapsOrRepeats()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Log.ShipAsync(Guid.NewGuid(), "a"))));

        Assert.All(results, r => Assert.True(r.Added));
        Assert.Equal(
            Enumerable.Range(1, 20).Select(i => $"TRK-20260314-{i:D6}"),
            results.Select(r => r.Shipment.TrackingNumber).Order(StringComparer.Ordinal));
    }
}

public sealed class ShipmentLogTests : ShipmentLogContract;

[Trait("Category", "Integration")]
public sealed class ShipmentLogPostgreSqlTests : ShipmentLogContract
{
    private readonly PostgresDatabase _postgres = new();

    protected override async Task<ServiceDatabaseOptions?> DatabaseAsync()
    {
        await _postgres.InitializeAsync();
        return _postgres.Options;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await _postgres.DisposeAsync();
    }

    /// <summary>
    /// Regression: shipments were numbered under one advisory lock held to the end of each transaction, so every
    /// ShipOrder waited for the one before it (the benchmark found the shipping queue backed up behind it).
    /// </summary>
    [Fact]
    public async Task Ship_WhileAnotherShipmentIsUncommitted_DoesNotWaitForIt()
    {
        await Log.ShipAsync(Guid.NewGuid(), "warm-up"); // migrates the schema first
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ShippingDbContext>();
        await using var open = await db.Database.BeginTransactionAsync();
        await ShipmentOperations.ShipAsync(db, Guid.NewGuid(), "a", DateTimeOffset.UtcNow, CancellationToken.None);
        await db.SaveChangesAsync();

        // The first transaction stays open; a shipment of another order must not wait for it.
        var second = await Log.ShipAsync(Guid.NewGuid(), "b").WaitAsync(TimeSpan.FromSeconds(20));

        await open.CommitAsync();
        Assert.True(second.Added);
        Assert.Equal(3, (await Log.ShipmentsAsync()).Select(s => s.TrackingNumber).Distinct().Count());
    }

    [Fact]
    public async Task Ship_AfterMigratingShipmentsNumberedBefore_ContinuesAfterTheHighestNumber()
    {
        await Log.ShipAsync(Guid.NewGuid(), "a");
        await using (var scope = Services.CreateAsyncScope())
        {
            // As a database of schema version 1 would be: a shipment numbered 41 and no sequence yet.
            var db = scope.ServiceProvider.GetRequiredService<ShippingDbContext>();
            await db.Database.ExecuteSqlRawAsync("UPDATE shipping.shipments SET sequence = 41, tracking = 'TRK-OLD-41'");
            await db.Database.ExecuteSqlRawAsync("DROP SEQUENCE shipping.shipment_numbers");
            await db.Database.ExecuteSqlRawAsync("DELETE FROM shipping.schema_versions WHERE component = 'shipping' AND version = 2");
        }

        var options = Services.GetRequiredService<ServiceDatabase<ShippingDbContext>>();
        await using var restarted = StoreHost.Start(bus => bus.AddShippingService(o => o.Database = new ServiceDatabaseOptions { Provider = options.Provider, ConnectionString = options.ConnectionString }));
        var next = (await restarted.Get<ShipmentLog>().ShipAsync(Guid.NewGuid(), "b")).Shipment;

        Assert.Equal("TRK-20260314-000042", next.TrackingNumber);
    }
}
