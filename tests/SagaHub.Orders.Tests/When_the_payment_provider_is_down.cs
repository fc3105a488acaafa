using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Inventory;
using SagaHub.Orders;
using SagaHub.Payments;

namespace SagaHub.Orders.Tests;

public sealed class When_the_payment_provider_is_down
{
    [Fact]
    public async Task Should_handle_the_charge_fault_release_the_stock_and_cancel()
    {
        await using var harness = await DemoHarness.StartAsync();
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(DemoHarness.Order(orderId, DemoHarness.FailingPaymentCustomer));

        var order = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Cancelled);
        order.WentThrough(OrderStatus.Reserving, OrderStatus.Charging, OrderStatus.Compensating, OrderStatus.Cancelled)
            .Transitioned(OrderStatus.Charging, OrderStatus.Compensating, "Fault<ChargePayment>")
            .Compensated("ReleaseStock")
            .HasGapFreeHistory();
        Assert.StartsWith("payment failed: ", order.Data<OrderData>().Reason, StringComparison.Ordinal);
        Assert.Contains(DemoHarness.FailingPaymentCustomer, order.Data<OrderData>().Reason, StringComparison.Ordinal);

        var fault = await harness.PublishedAsync<Fault<ChargePayment>>(m => m.Message.OrderId == orderId);
        Assert.Contains(nameof(PaymentProviderUnavailableException), fault.Exceptions[0].ExceptionType, StringComparison.Ordinal);
        Assert.Equal(1000, await harness.Services.GetRequiredService<InventoryStore>().OnHandAsync("SKU-RED"));
        Assert.Equal(0m, await harness.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));
        await harness.PublishedAsync<OrderCancelled>(m => m.OrderId == orderId);
    }
}
