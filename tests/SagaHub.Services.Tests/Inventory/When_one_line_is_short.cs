using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;

namespace SagaHub.Services.Tests.Inventory;

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
