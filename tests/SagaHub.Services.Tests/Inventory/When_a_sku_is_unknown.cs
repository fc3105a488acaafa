using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;

namespace SagaHub.Services.Tests.Inventory;

public sealed class When_a_sku_is_unknown : InventorySpec
{
    private StockUnavailable _unknown = null!;

    protected override async Task When()
    {
        await Reserve(new OrderLine("SKU-NOPE", 1, 1m));
        _unknown = await Service.Published<StockUnavailable>(m => m.OrderId == OrderId);
    }

    [Fact]
    public void Should_say_the_sku_is_unknown() => Assert.Equal(("SKU-NOPE", "unknown SKU"), (_unknown.Sku, _unknown.Reason));
}
