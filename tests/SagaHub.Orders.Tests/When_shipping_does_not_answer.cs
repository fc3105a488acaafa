using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Orders;
using SagaHub.Inventory;
using SagaHub.Orders;
using SagaHub.Payments;

namespace SagaHub.Orders.Tests;

public sealed class When_shipping_does_not_answer
{
    [Fact]
    public async Task Should_refund_then_release_after_the_step_timeout_and_cancel()
    {
        var options = new OrderSagaOptions();
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Shipping, options);
        var orderId = Guid.NewGuid();
        await harness.PublishAsync(DemoHarness.Order(orderId));
        await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Shipping);
        Assert.Equal(20.00m, await harness.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));

        Assert.Equal(1, await harness.AdvanceTimeAsync(options.StepTimeout));

        var order = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Cancelled);

        // Ordering: newest completed step first — the charge is refunded before the stock is released.
        order.WentThrough(OrderStatus.Reserving, OrderStatus.Charging, OrderStatus.Shipping, OrderStatus.Compensating, OrderStatus.Cancelled)
            .Transitioned(OrderStatus.Shipping, OrderStatus.Compensating, "Timeout")
            .Compensated("RefundPayment", "ReleaseStock")
            .HasHistory(SagaHistoryKind.Compensated, 2)
            .HasGapFreeHistory();
        Assert.Equal("no answer from shipping", order.Data<OrderData>().Reason);
        Assert.Equal(0m, await harness.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));
        Assert.Equal(1000, await harness.Services.GetRequiredService<InventoryStore>().OnHandAsync("SKU-RED"));

        var cancelled = await harness.PublishedAsync<OrderCancelled>(m => m.OrderId == orderId);
        Assert.Equal("no answer from shipping", cancelled.Reason);
    }
}
