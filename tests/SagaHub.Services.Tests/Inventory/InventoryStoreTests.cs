using Microsoft.Extensions.Options;
using SagaHub.Contracts.Orders;
using SagaHub.Inventory;

namespace SagaHub.Services.Tests.Inventory;

public sealed class InventoryStoreTests
{
    private static InventoryStore StoreWith(int red)
    {
        var options = new InventoryOptions();
        options.InitialStock["SKU-RED"] = red;
        return new InventoryStore(Options.Create(options));
    }

    [Fact]
    public void Constructor_DefaultOptions_StocksTheDemoSkus()
    {
        var store = new InventoryStore(Options.Create(new InventoryOptions()));

        Assert.Equal(1000, store.OnHand("SKU-RED"));
        Assert.Equal(1000, store.OnHand("SKU-BLUE"));
        Assert.Equal(1000, store.OnHand("SKU-GREEN"));
        Assert.Equal(0, store.OnHand("SKU-RARE"));
    }

    [Fact]
    public void Constructor_NegativeInitialStock_Throws()
    {
        var options = new InventoryOptions();
        options.InitialStock["SKU-RED"] = -1;

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new InventoryStore(Options.Create(options)));
        Assert.Contains("Inventory:InitialStock:SKU-RED", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Reserve_LinesOfOneSkuTogetherTooMany_ReservesNothing()
    {
        var store = StoreWith(red: 10);
        var orderId = Guid.NewGuid();

        var result = store.Reserve(orderId, [new OrderLine("SKU-RED", 6, 1m), new OrderLine("SKU-RED", 6, 1m)]);

        Assert.Equal(ReserveOutcome.Unavailable, result.Outcome);
        Assert.Equal(10, store.OnHand("SKU-RED"));
        Assert.Empty(store.ReservedFor(orderId));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Reserve_NonPositiveQuantity_IsUnavailable(int quantity)
    {
        var store = StoreWith(red: 10);

        var result = store.Reserve(Guid.NewGuid(), [new OrderLine("SKU-RED", quantity, 1m)]);

        Assert.Equal(ReserveOutcome.Unavailable, result.Outcome);
        Assert.Equal(10, store.OnHand("SKU-RED"));
    }

    [Fact]
    public void Reserve_NoLines_IsUnavailable() =>
        Assert.Equal(ReserveOutcome.Unavailable, StoreWith(red: 10).Reserve(Guid.NewGuid(), []).Outcome);

    [Fact]
    public void Reserve_ManyOrdersAtOnce_NeverOversells()
    {
        var store = StoreWith(red: 1000);
        var orders = Enumerable.Range(0, 200).Select(_ => Guid.NewGuid()).ToArray();

        var outcomes = orders.AsParallel().Select(id => store.Reserve(id, [new OrderLine("SKU-RED", 15, 1m)]).Outcome).ToArray();

        Assert.Equal(66, outcomes.Count(o => o == ReserveOutcome.Reserved));
        Assert.Equal(1000 - (66 * 15), store.OnHand("SKU-RED"));
        Assert.Equal(66 * 15, orders.Sum(id => store.ReservedFor(id).GetValueOrDefault("SKU-RED")));
    }

    [Fact]
    public void Restock_NonPositiveQuantity_ThrowsAndChangesNothing()
    {
        var store = StoreWith(red: 10);
        var refundId = Guid.NewGuid();

        Assert.Throws<ArgumentException>(() => store.Restock(refundId, [new OrderLine("SKU-RED", 2, 1m), new OrderLine("SKU-RED", -5, 1m)]));

        Assert.Equal(10, store.OnHand("SKU-RED"));
        Assert.True(store.Restock(refundId, [new OrderLine("SKU-RED", 2, 1m)]));
    }

    [Fact]
    public void Restock_Overflow_ChangesNothing()
    {
        var store = StoreWith(red: int.MaxValue - 1);
        var refundId = Guid.NewGuid();

        Assert.Throws<OverflowException>(() => store.Restock(refundId, [new OrderLine("SKU-BLUE", 1, 1m), new OrderLine("SKU-RED", 2, 1m)]));

        Assert.Equal(1000, store.OnHand("SKU-BLUE"));
        Assert.Equal(int.MaxValue - 1, store.OnHand("SKU-RED"));
    }
}
