using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Shipping;
using SagaHub.Inventory;
using SagaHub.Orders;
using SagaHub.Payments;

namespace SagaHub.Orders.Tests;

public sealed class When_the_payment_is_declined
{
    [Fact]
    public async Task Should_release_the_stock_and_cancel()
    {
        await using var harness = await DemoHarness.StartAsync();
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(DemoHarness.Order(orderId, DemoHarness.DeclinedCustomer, quantity: 5));

        var order = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Cancelled);
        order.WentThrough(OrderStatus.Reserving, OrderStatus.Charging, OrderStatus.Compensating, OrderStatus.Cancelled)
            .Transitioned(OrderStatus.Charging, OrderStatus.Compensating, "PaymentDeclined")
            .Transitioned(OrderStatus.Compensating, OrderStatus.Cancelled, "StockReleased")
            .Compensated("ReleaseStock")
            .HasHistory(SagaHistoryKind.Compensated, 1)
            .HasGapFreeHistory();
        Assert.Contains("declined", order.Data<OrderData>().Reason, StringComparison.Ordinal);

        var inventory = harness.Services.GetRequiredService<InventoryStore>();
        Assert.Equal(1000, await inventory.OnHandAsync("SKU-RED"));
        Assert.Empty(await inventory.ReservedForAsync(orderId));
        Assert.Equal(0m, await harness.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));
        Assert.Equal(0, harness.SentCount<ShipOrder>(m => m.OrderId == orderId));
    }

    [Fact]
    public async Task Should_publish_OrderCancelled_with_the_decline_reason()
    {
        await using var harness = await DemoHarness.StartAsync();
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(DemoHarness.Order(orderId, DemoHarness.DeclinedCustomer));

        var cancelled = await harness.PublishedAsync<OrderCancelled>(m => m.OrderId == orderId);
        Assert.Equal(DemoHarness.DeclinedCustomer, cancelled.CustomerId);
        Assert.Contains("DeclineCustomers", cancelled.Reason, StringComparison.Ordinal);
    }
}
