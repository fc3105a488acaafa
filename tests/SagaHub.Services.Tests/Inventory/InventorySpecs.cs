using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
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

public sealed class When_every_line_is_in_stock : InventorySpec
{
    protected override async Task When()
    {
        await Reserve(new OrderLine("SKU-RED", 3, 2m), new OrderLine("SKU-BLUE", 5, 4m), new OrderLine("SKU-RED", 1, 2m));
        await Service.Published<StockReserved>(m => m.OrderId == OrderId);
    }

    [Fact]
    public async Task Should_take_the_units_off_hand()
    {
        Assert.Equal(6, await Store.OnHandAsync("SKU-RED"));
        Assert.Equal(0, await Store.OnHandAsync("SKU-BLUE"));
    }

    [Fact]
    public async Task Should_hold_them_for_the_order_adding_up_lines_of_one_sku()
    {
        var reserved = await Store.ReservedForAsync(OrderId);
        Assert.Equal(2, reserved.Count);
        Assert.Equal(4, reserved["SKU-RED"]);
        Assert.Equal(5, reserved["SKU-BLUE"]);
    }
}

public sealed class When_one_line_is_short : InventorySpec
{
    private StockUnavailable _unavailable = null!;

    protected override async Task When()
    {
        await Reserve(new OrderLine("SKU-RED", 2, 1m), new OrderLine("SKU-BLUE", 6, 1m));
        _unavailable = await Service.Published<StockUnavailable>(m => m.OrderId == OrderId);
    }

    [Fact]
    public void Should_publish_StockUnavailable_naming_the_short_sku()
    {
        Assert.Equal("SKU-BLUE", _unavailable.Sku);
        Assert.Contains("6 wanted, 5 on hand", _unavailable.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_reserve_nothing()
    {
        Assert.Empty(await Store.ReservedForAsync(OrderId));
        Assert.Equal(10, await Store.OnHandAsync("SKU-RED"));
        Assert.Equal(5, await Store.OnHandAsync("SKU-BLUE"));
    }

    [Fact]
    public void Should_not_publish_StockReserved() =>
        Assert.False(Service.Harness.Published.Select<StockReserved>(m => m.Context.Message.OrderId == OrderId).Any());
}

public sealed class When_a_sku_is_unknown_or_out_of_stock : InventorySpec
{
    private readonly Guid _rareOrder = Guid.NewGuid();
    private StockUnavailable _unknown = null!;
    private StockUnavailable _rare = null!;

    protected override async Task When()
    {
        await Reserve(new OrderLine("SKU-NOPE", 1, 1m));
        await Service.Send(Queues.Inventory, new ReserveStock(_rareOrder, [new OrderLine("SKU-RARE", 1, 1m)]));
        _unknown = await Service.Published<StockUnavailable>(m => m.OrderId == OrderId);
        _rare = await Service.Published<StockUnavailable>(m => m.OrderId == _rareOrder);
    }

    [Fact]
    public void Should_say_an_unknown_sku_is_unknown() => Assert.Equal(("SKU-NOPE", "unknown SKU"), (_unknown.Sku, _unknown.Reason));

    [Fact]
    public async Task Should_not_reserve_a_sku_with_nothing_on_hand()
    {
        Assert.Equal("SKU-RARE", _rare.Sku);
        Assert.Equal(0, await Store.OnHandAsync("SKU-RARE"));
    }
}

public sealed class When_the_same_order_is_reserved_twice : InventorySpec
{
    protected override async Task When()
    {
        await Reserve(new OrderLine("SKU-RED", 4, 1m));
        await Service.Published<StockReserved>(m => m.OrderId == OrderId);
        await Reserve(new OrderLine("SKU-RED", 4, 1m));
        await Service.Published<StockReserved>(m => m.OrderId == OrderId, count: 2);
    }

    [Fact]
    public async Task Should_reserve_once()
    {
        Assert.Equal(6, await Store.OnHandAsync("SKU-RED"));
        Assert.Equal(4, (await Store.ReservedForAsync(OrderId))["SKU-RED"]);
    }
}

public sealed class When_stock_is_released_twice : InventorySpec
{
    protected override async Task When()
    {
        await Reserve(new OrderLine("SKU-RED", 4, 1m), new OrderLine("SKU-BLUE", 2, 1m));
        await Service.Published<StockReserved>(m => m.OrderId == OrderId);
        await Service.Send(Queues.Inventory, new ReleaseStock(OrderId));
        await Service.Published<StockReleased>(m => m.OrderId == OrderId);
        await Service.Send(Queues.Inventory, new ReleaseStock(OrderId));
        await Service.Published<StockReleased>(m => m.OrderId == OrderId, count: 2);
    }

    [Fact]
    public async Task Should_put_the_units_back_once()
    {
        Assert.Equal(10, await Store.OnHandAsync("SKU-RED"));
        Assert.Equal(5, await Store.OnHandAsync("SKU-BLUE"));
        Assert.Empty(await Store.ReservedForAsync(OrderId));
    }
}

public sealed class When_an_order_that_was_never_reserved_is_released : InventorySpec
{
    protected override async Task When()
    {
        await Service.Send(Queues.Inventory, new ReleaseStock(OrderId));
        await Service.Published<StockReleased>(m => m.OrderId == OrderId);
    }

    [Fact]
    public async Task Should_change_no_stock() => Assert.Equal((10, 5), (await Store.OnHandAsync("SKU-RED"), await Store.OnHandAsync("SKU-BLUE")));

    [Fact]
    public async Task Should_refuse_a_late_reservation_for_the_order()
    {
        // A ReserveStock overtaken by its compensation must not take stock that nobody will release.
        await Reserve(new OrderLine("SKU-RED", 1, 1m));
        var unavailable = await Service.Published<StockUnavailable>(m => m.OrderId == OrderId);

        Assert.Contains("released", unavailable.Reason, StringComparison.Ordinal);
        Assert.Equal(10, await Store.OnHandAsync("SKU-RED"));
    }
}

public sealed class When_a_refund_is_restocked_twice : InventorySpec
{
    private readonly Guid _refundId = Guid.NewGuid();
    private readonly Guid _otherRefundId = Guid.NewGuid();

    protected override async Task When()
    {
        OrderLine[] lines = [new OrderLine("SKU-RED", 2, 1m), new OrderLine("SKU-NEW", 3, 1m)];
        await Service.Send(Queues.Inventory, new RestockItems(_refundId, OrderId, lines));
        await Service.Published<ItemsRestocked>(m => m.RefundId == _refundId);
        await Service.Send(Queues.Inventory, new RestockItems(_refundId, OrderId, lines));
        await Service.Send(Queues.Inventory, new RestockItems(_otherRefundId, OrderId, [new OrderLine("SKU-RED", 1, 1m)]));
        await Service.Published<ItemsRestocked>(m => m.RefundId == _refundId, count: 2);
        await Service.Published<ItemsRestocked>(m => m.RefundId == _otherRefundId);
    }

    [Fact]
    public async Task Should_add_the_units_once_per_refund()
    {
        Assert.Equal(10 + 2 + 1, await Store.OnHandAsync("SKU-RED"));
        Assert.Equal(3, await Store.OnHandAsync("SKU-NEW"));
    }
}

public sealed class When_a_reservation_is_redelivered : InventorySpec
{
    private readonly Guid _messageId = NewId.NextGuid();

    protected override async Task When()
    {
        var command = new ReserveStock(OrderId, [new OrderLine("SKU-RED", 4, 1m)]);
        await Service.Send(Queues.Inventory, command, context => context.MessageId = _messageId);
        await Service.Published<StockReserved>(m => m.OrderId == OrderId);
        await Service.Send(Queues.Inventory, command, context => context.MessageId = _messageId);
        await Service.Logs.WaitFor(eventId: 3200, count: 1); // the inbox skipped the second delivery
    }

    [Fact]
    public async Task Should_take_the_units_once()
    {
        Assert.Equal(6, await Store.OnHandAsync("SKU-RED"));
        Assert.Equal(4, (await Store.ReservedForAsync(OrderId))["SKU-RED"]);
    }

    [Fact]
    public void Should_publish_StockReserved_once() =>
        Assert.Equal(1, Service.PublishCount<StockReserved>(m => m.OrderId == OrderId));

    [Fact]
    public void Should_log_the_skipped_duplicate() =>
        Assert.Equal(_messageId, Assert.Single(Service.Logs.WithEventId(3200)).Values["MessageId"]);
}

public sealed class When_a_restock_has_a_bad_line : InventorySpec
{
    private readonly Guid _refundId = Guid.NewGuid();

    protected override async Task When()
    {
        await Service.Send(Queues.Inventory, new RestockItems(_refundId, OrderId, [new OrderLine("SKU-RED", 2, 1m), new OrderLine("SKU-BLUE", -1, 1m)]));
        await Service.Published<MassTransit.Fault<RestockItems>>(m => m.Message.RefundId == _refundId);
    }

    [Fact]
    public async Task Should_roll_back_everything_it_did()
    {
        Assert.Equal(10, await Store.OnHandAsync("SKU-RED"));
        await using var scope = Service.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        Assert.False(await db.Set<InboxMessage>().AnyAsync());
        Assert.False(await db.Restocks.AnyAsync());
        Assert.False(await db.Set<OutboxMessage>().AnyAsync());
    }
}

/// <summary>A crash between a consumer's commit and its dispatch leaves the event in the outbox; the sweep delivers it.</summary>
public sealed class When_an_outbox_row_was_left_behind : InventorySpec
{
    private readonly Guid _messageId = NewId.NextGuid();
    private int _swept;

    protected override async Task When()
    {
        await using (var scope = Service.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            db.Add(new OutboxMessage
            {
                MessageId = _messageId,
                Source = ReserveStockConsumer.InboxName,
                CorrelationId = OrderId,
                MessageType = $"{typeof(StockReserved).FullName}, {typeof(StockReserved).Assembly.GetName().Name}",
                Body = JsonSerializer.Serialize(new StockReserved(OrderId), JsonSerializerOptions.Web),
                CreatedAt = Service.Time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        _swept = await Service.Get<IServiceOutboxSweeper<InventoryDbContext>>().SweepAsync(TimeSpan.Zero);
    }

    [Fact]
    public async Task Should_deliver_it_with_its_message_id()
    {
        Assert.Equal(1, _swept);
        var published = await Service.PublishedContext<StockReserved>(m => m.OrderId == OrderId);
        Assert.Equal(_messageId, published.MessageId);
        Assert.Equal(OrderId, published.CorrelationId);
    }

    [Fact]
    public async Task Should_leave_the_outbox_empty()
    {
        await using var scope = Service.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Set<OutboxMessage>().AnyAsync());
        Assert.Equal(0, await Service.Get<IServiceOutboxSweeper<InventoryDbContext>>().SweepAsync(TimeSpan.Zero));
    }
}

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
