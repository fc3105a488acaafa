using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;

namespace SagaHub.Services.Tests.Inventory;

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
