using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Orders;
using SagaHub.Inventory;
using SagaHub.Orders;
using SagaHub.Payments;

namespace SagaHub.Orders.Tests;

public sealed class When_shipping_fails
{
    [Fact]
    public async Task Should_refund_then_release_newest_first_and_cancel()
    {
        await using var harness = await DemoHarness.StartAsync();
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(DemoHarness.Order(orderId, DemoHarness.ShippingFailsCustomer));

        var order = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Cancelled);

        // Ordering: the charge was the newest completed step, so RefundPayment goes out (and is confirmed)
        // before ReleaseStock; Compensated(...) checks the exact order of the issued commands.
        order.WentThrough(OrderStatus.Reserving, OrderStatus.Charging, OrderStatus.Shipping, OrderStatus.Compensating, OrderStatus.Cancelled)
            .Transitioned(OrderStatus.Shipping, OrderStatus.Compensating, "ShipmentFailed")
            .Transitioned(OrderStatus.Compensating, OrderStatus.Cancelled, "StockReleased")
            .Compensated("RefundPayment", "ReleaseStock")
            .HasHistory(SagaHistoryKind.Compensated, 2)
            .HasGapFreeHistory();
        var confirmations = order.History.Where(h => h.Kind == SagaHistoryKind.Compensated).Select(h => h.Trigger).ToList();
        Assert.Equal(["PaymentRefunded", "StockReleased"], confirmations);

        var ledger = harness.Services.GetRequiredService<PaymentLedger>();
        Assert.Equal(0m, await ledger.NetForAsync(orderId));
        Assert.Equal(20.00m, (await ledger.FindAsync(OrderData.ChargeKey(orderId)))!.Amount);
        Assert.Equal(20.00m, (await ledger.FindAsync(OrderData.RefundKey(orderId)))!.Amount);
        Assert.Equal(1000, await harness.Services.GetRequiredService<InventoryStore>().OnHandAsync("SKU-RED"));

        var cancelled = await harness.PublishedAsync<OrderCancelled>(m => m.OrderId == orderId);
        Assert.Contains(DemoHarness.ShippingFailsCustomer, cancelled.Reason, StringComparison.Ordinal);
    }
}
