using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;

namespace SagaHub.Services.Tests.Inventory;

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
