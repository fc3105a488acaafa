using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;

namespace SagaHub.Services.Tests.Inventory;

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
