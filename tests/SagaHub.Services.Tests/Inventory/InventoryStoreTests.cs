using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SagaHub.Contracts.Orders;
using SagaHub.EntityFrameworkCore;
using SagaHub.Inventory;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Inventory;

/// <summary>
/// The inventory's rules on its database, without a bus: once on SQLite (a temp database per test),
/// once on PostgreSQL (one database per class, so every test uses SKUs of its own).
/// </summary>
public abstract class InventoryStoreContract : IAsyncLifetime
{
    private readonly List<StoreHost> _hosts = [];

    /// <summary>Where the stores keep their data; null for the default (SQLite in a temp file).</summary>
    protected virtual ServiceDatabaseOptions? Database => null;

    protected string Red { get; } = "SKU-RED-" + Guid.NewGuid().ToString("N")[..8];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }
    }

    [Fact]
    public async Task OnHand_DefaultOptions_StocksTheDemoSkus()
    {
        var store = Host(_ => { }).Get<InventoryStore>();

        Assert.Equal(1000, await store.OnHandAsync("SKU-RED"));
        Assert.Equal(1000, await store.OnHandAsync("SKU-BLUE"));
        Assert.Equal(1000, await store.OnHandAsync("SKU-GREEN"));
        Assert.Equal(0, await store.OnHandAsync("SKU-RARE"));
        Assert.Equal(0, await store.OnHandAsync("SKU-NEVER-HEARD-OF"));
    }

    [Fact]
    public void Constructor_NegativeInitialStock_FailsValidation()
    {
        var host = Host(options => options.InitialStock[Red] = -1);

        var error = Assert.Throws<OptionsValidationException>(host.Get<InventoryStore>);
        Assert.Contains("Inventory:InitialStock", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OnHand_SecondStartWithMoreStock_SeedsMissingSkusAndKeepsCounts()
    {
        var store = StoreWith(red: 10);
        Assert.Equal(ReserveOutcome.Reserved, (await store.ReserveAsync(Guid.NewGuid(), [new OrderLine(Red, 4, 1m)])).Outcome);
        var newSku = Red + "-NEW";

        // A second service instance on the same database, with more stock configured.
        var again = SecondInstance(options =>
        {
            options.InitialStock[Red] = 10;
            options.InitialStock[newSku] = 7;
        });

        Assert.Equal(6, await again.OnHandAsync(Red));
        Assert.Equal(7, await again.OnHandAsync(newSku));
    }

    [Fact]
    public async Task Reserve_LinesOfOneSkuTogetherTooMany_ReservesNothing()
    {
        var store = StoreWith(red: 10);
        var orderId = Guid.NewGuid();

        var result = await store.ReserveAsync(orderId, [new OrderLine(Red, 6, 1m), new OrderLine(Red, 6, 1m)]);

        Assert.Equal(ReserveOutcome.Unavailable, result.Outcome);
        Assert.Equal("12 wanted, 10 on hand", result.Reason);
        Assert.Equal(10, await store.OnHandAsync(Red));
        Assert.Empty(await store.ReservedForAsync(orderId));
    }

    [Fact]
    public async Task Reserve_OneShortSku_TakesNothingFromTheOthers()
    {
        var short1 = Red + "-SHORT";
        var store = StoreWith(red: 10, (short1, 1));
        var orderId = Guid.NewGuid();

        var result = await store.ReserveAsync(orderId, [new OrderLine(Red, 3, 1m), new OrderLine(short1, 2, 1m)]);

        Assert.Equal((ReserveOutcome.Unavailable, short1), (result.Outcome, result.Sku));
        Assert.Equal((10, 1), (await store.OnHandAsync(Red), await store.OnHandAsync(short1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task Reserve_NonPositiveQuantity_IsUnavailable(int quantity)
    {
        var store = StoreWith(red: 10);

        var result = await store.ReserveAsync(Guid.NewGuid(), [new OrderLine(Red, quantity, 1m)]);

        Assert.Equal(ReserveOutcome.Unavailable, result.Outcome);
        Assert.Equal(10, await store.OnHandAsync(Red));
    }

    [Fact]
    public async Task Reserve_NoLines_IsUnavailable() =>
        Assert.Equal(ReserveOutcome.Unavailable, (await StoreWith(red: 10).ReserveAsync(Guid.NewGuid(), [])).Outcome);

    [Fact]
    public async Task Reserve_ManyOrdersAtOnce_NeverOversells()
    {
        var store = StoreWith(red: 1000);
        var orders = Enumerable.Range(0, 100).Select(_ => Guid.NewGuid()).ToArray();

        var outcomes = await Task.WhenAll(orders.Select(id => Task.Run(() => store.ReserveAsync(id, [new OrderLine(Red, 15, 1m)]))));

        Assert.Equal(66, outcomes.Count(o => o.Outcome == ReserveOutcome.Reserved));
        Assert.Equal(1000 - (66 * 15), await store.OnHandAsync(Red));
        var held = 0;
        foreach (var id in orders)
        {
            held += (await store.ReservedForAsync(id)).GetValueOrDefault(Red);
        }

        Assert.Equal(66 * 15, held);
    }

    [Fact]
    public async Task Reserve_TwentyAtOnceForTheLastFive_ReservesExactlyFive()
    {
        var store = StoreWith(red: 5);

        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => store.ReserveAsync(Guid.NewGuid(), [new OrderLine(Red, 1, 1m)]))));

        Assert.Equal(5, outcomes.Count(o => o.Outcome == ReserveOutcome.Reserved));
        Assert.Equal(15, outcomes.Count(o => o.Outcome == ReserveOutcome.Unavailable));
        Assert.Equal(0, await store.OnHandAsync(Red));
    }

    [Fact]
    public async Task ExecuteUpdate_StockBelowZero_IsRefusedByTheDatabase()
    {
        var host = Host(options => options.InitialStock[Red] = 1);
        await host.Get<InventoryStore>().OnHandAsync(Red);
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();

        // Whatever a bug in the rules might try, the CHECK constraint keeps the count at 0 or more.
        await Assert.ThrowsAnyAsync<Exception>(() => db.Stock.Where(s => s.Sku == Red).ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand - 2)));
        Assert.Equal(1, await host.Get<InventoryStore>().OnHandAsync(Red));
    }

    [Fact]
    public async Task Release_Twice_PutsBackExactlyWhatWasReservedOnce()
    {
        var blue = Red + "-BLUE";
        var store = StoreWith(red: 10, (blue, 5));
        var orderId = Guid.NewGuid();
        await store.ReserveAsync(orderId, [new OrderLine(Red, 4, 1m), new OrderLine(blue, 2, 1m), new OrderLine(Red, 1, 1m)]);

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => store.ReleaseAsync(orderId))));

        Assert.Single(results, released => released);
        Assert.Equal((10, 5), (await store.OnHandAsync(Red), await store.OnHandAsync(blue)));
        Assert.Empty(await store.ReservedForAsync(orderId));
        Assert.Equal(ReserveOutcome.Unavailable, (await store.ReserveAsync(orderId, [new OrderLine(Red, 1, 1m)])).Outcome);
    }

    [Fact]
    public async Task Restock_NonPositiveQuantity_ThrowsAndChangesNothing()
    {
        var store = StoreWith(red: 10);
        var refundId = Guid.NewGuid();

        await Assert.ThrowsAsync<ArgumentException>(() => store.RestockAsync(refundId, Guid.NewGuid(), [new OrderLine(Red, 2, 1m), new OrderLine(Red, -5, 1m)]));

        Assert.Equal(10, await store.OnHandAsync(Red));
        Assert.True(await store.RestockAsync(refundId, Guid.NewGuid(), [new OrderLine(Red, 2, 1m)]));
        Assert.False(await store.RestockAsync(refundId, Guid.NewGuid(), [new OrderLine(Red, 2, 1m)]));
        Assert.Equal(12, await store.OnHandAsync(Red));
    }

    [Fact]
    public async Task Restock_Overflow_ChangesNothing()
    {
        var blue = Red + "-BLUE";
        var store = StoreWith(red: int.MaxValue - 1, (blue, 1000));
        var refundId = Guid.NewGuid();

        await Assert.ThrowsAsync<OverflowException>(() => store.RestockAsync(refundId, Guid.NewGuid(), [new OrderLine(blue, 1, 1m), new OrderLine(Red, 2, 1m)]));

        Assert.Equal(1000, await store.OnHandAsync(blue));
        Assert.Equal(int.MaxValue - 1, await store.OnHandAsync(Red));
    }

    [Fact]
    public async Task Migrate_TwiceAfterTheFirstUse_AppliesNothingAndKeepsTheStock()
    {
        var host = Host(_ => { });
        await host.Get<InventoryStore>().OnHandAsync(Red); // the first run (host start or first use)
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();

        var again = await SchemaMigrator.MigrateAsync(db, db.Tables, InventorySchema.Component, InventorySchema.Scripts(db.Tables));
        var andAgain = await SchemaMigrator.MigrateAsync(db, db.Tables, InventorySchema.Component, InventorySchema.Scripts(db.Tables));

        Assert.Empty(again);
        Assert.Empty(andAgain);
        Assert.Equal(1000, await host.Get<InventoryStore>().OnHandAsync("SKU-BLUE"));
    }

    protected InventoryStore StoreWith(int red, params (string Sku, int Quantity)[] more) =>
        Host(options =>
        {
            options.InitialStock[Red] = red;
            foreach (var (sku, quantity) in more)
            {
                options.InitialStock[sku] = quantity;
            }
        }).Get<InventoryStore>();

    protected StoreHost Host(Action<InventoryOptions> configure)
    {
        var host = StoreHost.Start(bus => bus.AddInventoryService(options =>
        {
            configure(options);
            if (Database is { } database)
            {
                options.Database = database;
            }
        }));
        _hosts.Add(host);
        return host;
    }

    /// <summary>A second service instance on the first one's database.</summary>
    private InventoryStore SecondInstance(Action<InventoryOptions> configure)
    {
        var first = _hosts[^1].Get<ServiceDatabase<InventoryDbContext>>();
        var host = StoreHost.Start(bus => bus.AddInventoryService(options =>
        {
            configure(options);
            options.Database = new ServiceDatabaseOptions { Provider = first.Provider, ConnectionString = first.ConnectionString };
        }));
        _hosts.Insert(0, host); // disposed first: the first instance owns (and deletes) a temp file
        return host.Get<InventoryStore>();
    }
}

public sealed class InventoryStoreTests : InventoryStoreContract;

[Trait("Category", "Integration")]
public sealed class InventoryStorePostgreSqlTests(PostgresDatabase postgres) : InventoryStoreContract, IClassFixture<PostgresDatabase>
{
    protected override ServiceDatabaseOptions Database => postgres.Options;
}
