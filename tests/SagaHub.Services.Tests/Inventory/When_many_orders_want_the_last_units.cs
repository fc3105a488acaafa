using Microsoft.EntityFrameworkCore;
using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.EntityFrameworkCore;
using SagaHub.Inventory;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Inventory;

/// <summary>
/// Twenty orders want one unit each of a SKU with five on hand, at the same time: exactly five get
/// one, fifteen hear StockUnavailable, and the count ends at zero (never below).
/// </summary>
public abstract class When_many_orders_want_the_last_units : InventorySpec
{
    private readonly string _sku = "SKU-LAST-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Guid[] _orders = [.. Enumerable.Range(0, 20).Select(_ => Guid.NewGuid())];
    private IReadOnlyList<StockReserved> _reserved = [];
    private IReadOnlyList<StockUnavailable> _unavailable = [];

    protected override void Configure(InventoryOptions options) => options.InitialStock[_sku] = 5;

    protected override async Task When()
    {
        await Task.WhenAll(_orders.Select(id => Service.Send(Queues.Inventory, new ReserveStock(id, [new OrderLine(_sku, 1, 1m)]))));
        _reserved = await Service.Published<StockReserved>(m => _orders.Contains(m.OrderId), count: 5);
        _unavailable = await Service.Published<StockUnavailable>(m => _orders.Contains(m.OrderId), count: 15);
    }

    [Fact]
    public async Task Should_reserve_exactly_the_units_on_hand()
    {
        Assert.Equal(5, _reserved.Select(m => m.OrderId).Distinct().Count());
        Assert.Equal(0, await Store.OnHandAsync(_sku));
        var held = 0;
        foreach (var order in _orders)
        {
            held += (await Store.ReservedForAsync(order)).GetValueOrDefault(_sku);
        }

        Assert.Equal(5, held);
    }

    [Fact]
    public void Should_refuse_the_others()
    {
        Assert.Equal(15, _unavailable.Select(m => m.OrderId).Distinct().Count());
        Assert.All(_unavailable, m => Assert.Equal(_sku, m.Sku));
        Assert.Empty(_unavailable.Select(m => m.OrderId).Intersect(_reserved.Select(m => m.OrderId)));
    }
}

public sealed class When_many_orders_want_the_last_units_on_SQLite : When_many_orders_want_the_last_units;

[Trait("Category", "Integration")]
public sealed class When_many_orders_want_the_last_units_on_PostgreSql(PostgresDatabase postgres) : When_many_orders_want_the_last_units, IClassFixture<PostgresDatabase>
{
    protected override ServiceDatabaseOptions Database => postgres.Options;
}
