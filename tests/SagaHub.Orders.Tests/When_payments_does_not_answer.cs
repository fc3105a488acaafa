using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Payments;
using SagaHub.Inventory;
using SagaHub.Orders;
using SagaHub.Payments;
using SagaHub.Services.Tests.Infrastructure;
using SagaHub.Testing;

namespace SagaHub.Orders.Tests;

public sealed class When_payments_does_not_answer
{
    private static readonly OrderSagaOptions Options = new();

    [Fact]
    public async Task Should_undo_the_charge_before_the_reservation_after_the_step_timeout()
    {
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Payments, Options);
        var orderId = Guid.NewGuid();
        await harness.PublishAsync(DemoHarness.Order(orderId));
        await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Charging);

        Assert.Equal(1, await harness.AdvanceTimeAsync(Options.StepTimeout));

        // Ordering: the timeout registers RefundPayment (a charge may have been captured late) on top of
        // ReleaseStock, so it goes out first and ReleaseStock waits for its confirmation.
        (await harness.SagaAsync<OrderSaga>(orderId)).IsIn(OrderStatus.Compensating).Compensated("RefundPayment");
        Assert.Equal(0, harness.SentCount<ReleaseStock>(m => m.OrderId == orderId));

        // Play the payments service's part: the refund is confirmed.
        await harness.PublishAsync(new PaymentRefunded(orderId, 20.00m, OrderData.RefundKey(orderId)));

        var order = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Cancelled);
        order.Compensated("RefundPayment", "ReleaseStock").HasHistory(SagaHistoryKind.Compensated, 2).HasGapFreeHistory();
        Assert.Equal(1000, await harness.Services.GetRequiredService<InventoryStore>().OnHandAsync("SKU-RED"));
    }

    [Fact]
    public async Task Should_cancel_and_release_the_stock_when_nothing_was_charged()
    {
        // Payments runs only its RefundPayment consumer: the ChargePayment is never answered (the provider
        // timed out and charged nothing), but the compensation can be handled.
        await ServiceWarmup.EnsureAsync();
        await using var harness = await SagaTestHarness.StartAsync(
            hub => hub.AddSaga(new OrderSaga(Options)),
            bus =>
            {
                bus.AddInventoryService();
                bus.AddPaymentsLedger();
                bus.AddConsumer<RefundPaymentConsumer>().Endpoint(e => e.Name = Queues.Payments);
            });
        var orderId = Guid.NewGuid();
        await harness.PublishAsync(DemoHarness.Order(orderId));
        await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Charging);

        await harness.AdvanceTimeAsync(Options.StepTimeout);

        // Undoing a charge that never happened must be a confirmed no-op (as ReleaseStock is for a
        // reservation that never happened), so the order is cancelled and its stock released.
        var order = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Cancelled);
        order.Compensated("RefundPayment", "ReleaseStock").HasHistory(SagaHistoryKind.Compensated, 2);
        var refunded = await harness.PublishedAsync<PaymentRefunded>(m => m.OrderId == orderId);
        Assert.Equal(0m, refunded.Amount);
        Assert.Equal(1000, await harness.Services.GetRequiredService<InventoryStore>().OnHandAsync("SKU-RED"));
        var ledger = harness.Services.GetRequiredService<PaymentLedger>();
        Assert.Equal(0m, await ledger.NetForAsync(orderId));
        Assert.True(await ledger.IsVoidedAsync(orderId)); // a charge arriving this late is declined
    }
}
