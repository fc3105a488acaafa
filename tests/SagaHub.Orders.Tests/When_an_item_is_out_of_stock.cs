using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Orders;
using SagaHub.Payments;

namespace SagaHub.Orders.Tests;

public sealed class When_an_item_is_out_of_stock
{
    [Fact]
    public async Task Should_reject_the_order_without_compensating()
    {
        await using var harness = await DemoHarness.StartAsync();
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(DemoHarness.Order(orderId, sku: "SKU-RARE"));

        var order = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Rejected);
        order.WentThrough(OrderStatus.Reserving, OrderStatus.Rejected)
            .Transitioned(OrderStatus.Reserving, OrderStatus.Rejected, "StockUnavailable")
            .Compensated()
            .HasHistory(SagaHistoryKind.Compensated, 0)
            .HasGapFreeHistory();
        Assert.Contains("0 on hand", order.Data<OrderData>().Reason, StringComparison.Ordinal);
        Assert.True(order.Snapshot.IsFinal);
    }

    [Fact]
    public async Task Should_publish_OrderRejected_and_never_charge()
    {
        await using var harness = await DemoHarness.StartAsync();
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(DemoHarness.Order(orderId, sku: "SKU-RARE"));

        var rejected = await harness.PublishedAsync<OrderRejected>(m => m.OrderId == orderId);
        Assert.Equal(DemoHarness.Customer, rejected.CustomerId);
        Assert.Contains("0 on hand", rejected.Reason, StringComparison.Ordinal);
        await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Rejected);
        Assert.Equal(0, harness.SentCount<ChargePayment>(m => m.OrderId == orderId));
        Assert.Equal(0m, await harness.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));
    }
}
