using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;

namespace SagaHub.Services.Tests.Inventory;

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
