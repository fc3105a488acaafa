using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;

namespace SagaHub.Services.Tests.Inventory;

public sealed class When_a_sku_has_nothing_on_hand : InventorySpec
{
    private StockUnavailable _rare = null!;

    protected override async Task When()
    {
        await Reserve(new OrderLine("SKU-RARE", 1, 1m));
        _rare = await Service.Published<StockUnavailable>(m => m.OrderId == OrderId);
    }

    [Fact]
    public async Task Should_not_reserve_it()
    {
        Assert.Equal("SKU-RARE", _rare.Sku);
        Assert.Equal(0, await Store.OnHandAsync("SKU-RARE"));
    }
}
