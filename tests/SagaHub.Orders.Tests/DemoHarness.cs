using SagaHub.Contracts.Orders;
using SagaHub.Inventory;
using SagaHub.Notifications;
using SagaHub.Orders;
using SagaHub.Payments;
using SagaHub.Shipping;
using SagaHub.Testing;

namespace SagaHub.Orders.Tests;

/// <summary>The order and refund sagas with the four demo services, in memory, with fast retries.</summary>
internal static class DemoHarness
{
    public const string DeclinedCustomer = "cust-declined";
    public const string FailingPaymentCustomer = "cust-payment-down";
    public const string ShippingFailsCustomer = "cust-unshippable";

    public static Task<SagaTestHarness> StartAsync(RefundSagaOptions? refunds = null, OrderSagaOptions? orders = null) =>
        SagaTestHarness.StartAsync(
            hub => hub.AddSaga(new OrderSaga(orders ?? new OrderSagaOptions())).AddSaga(new RefundSaga(refunds ?? new RefundSagaOptions())),
            bus =>
            {
                bus.AddInventoryService(o => o.Retry = Fast());
                bus.AddPaymentsService(o =>
                {
                    o.Retry = Fast();
                    o.DeclineCustomers.Add(DeclinedCustomer);
                    o.FailCustomers.Add(FailingPaymentCustomer);
                });
                bus.AddShippingService(o =>
                {
                    o.Retry = Fast();
                    o.FailCustomers.Add(ShippingFailsCustomer);
                });
                bus.AddNotificationsService(o => o.Retry = Fast());
            });

    public static OrderSubmitted Order(Guid orderId, string customer = "cust-1", string sku = "SKU-RED", int quantity = 2, decimal unitPrice = 10.00m) =>
        new(orderId, customer, [new OrderLine(sku, quantity, unitPrice)]);

    private static RetryOptions Fast() => new() { RetryLimit = 2, MinInterval = TimeSpan.FromMilliseconds(1), MaxInterval = TimeSpan.FromMilliseconds(5), IntervalDelta = TimeSpan.FromMilliseconds(1) };
}
