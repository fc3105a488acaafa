using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Inventory;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Inventory;

/// <summary>Starts the inventory service on the in-memory harness with a small, known stock.</summary>
public abstract class InventorySpec : IAsyncLifetime
{
    protected ServiceHarness Service { get; private set; } = null!;

    protected InventoryStore Store => Service.Get<InventoryStore>();

    protected Guid OrderId { get; } = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        Service = await ServiceHarness.Start(bus => bus.AddInventoryService(options =>
        {
            options.InitialStock.Clear();
            options.InitialStock["SKU-RED"] = 10;
            options.InitialStock["SKU-BLUE"] = 5;
            options.InitialStock["SKU-RARE"] = 0;
        }));
        await When();
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
    public void Should_take_the_units_off_hand()
    {
        Assert.Equal(6, Store.OnHand("SKU-RED"));
        Assert.Equal(0, Store.OnHand("SKU-BLUE"));
    }

    [Fact]
    public void Should_hold_them_for_the_order_adding_up_lines_of_one_sku()
    {
        var reserved = Store.ReservedFor(OrderId);
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
    public void Should_reserve_nothing()
    {
        Assert.Empty(Store.ReservedFor(OrderId));
        Assert.Equal(10, Store.OnHand("SKU-RED"));
        Assert.Equal(5, Store.OnHand("SKU-BLUE"));
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
    public void Should_not_reserve_a_sku_with_nothing_on_hand()
    {
        Assert.Equal("SKU-RARE", _rare.Sku);
        Assert.Equal(0, Store.OnHand("SKU-RARE"));
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
    public void Should_reserve_once()
    {
        Assert.Equal(6, Store.OnHand("SKU-RED"));
        Assert.Equal(4, Store.ReservedFor(OrderId)["SKU-RED"]);
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
    public void Should_put_the_units_back_once()
    {
        Assert.Equal(10, Store.OnHand("SKU-RED"));
        Assert.Equal(5, Store.OnHand("SKU-BLUE"));
        Assert.Empty(Store.ReservedFor(OrderId));
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
    public void Should_change_no_stock() => Assert.Equal((10, 5), (Store.OnHand("SKU-RED"), Store.OnHand("SKU-BLUE")));

    [Fact]
    public async Task Should_refuse_a_late_reservation_for_the_order()
    {
        // A ReserveStock overtaken by its compensation must not take stock that nobody will release.
        await Reserve(new OrderLine("SKU-RED", 1, 1m));
        var unavailable = await Service.Published<StockUnavailable>(m => m.OrderId == OrderId);

        Assert.Contains("released", unavailable.Reason, StringComparison.Ordinal);
        Assert.Equal(10, Store.OnHand("SKU-RED"));
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
    public void Should_add_the_units_once_per_refund()
    {
        Assert.Equal(10 + 2 + 1, Store.OnHand("SKU-RED"));
        Assert.Equal(3, Store.OnHand("SKU-NEW"));
    }
}
