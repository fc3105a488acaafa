using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Payments;
using SagaHub.Orders;

namespace SagaHub.Orders.Tests;

/// <summary>A late duplicate (new message id) of an earlier step's answer is ignored by declaration.</summary>
public sealed class When_a_state_ignores_a_message
{
    [Fact]
    public async Task Should_ignore_a_late_StockReserved_while_charging()
    {
        // Without payments the order waits in Charging, so the duplicate is handled there.
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Payments);
        var orderId = Guid.NewGuid();
        await harness.PublishAsync(DemoHarness.Order(orderId));
        var before = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Charging);

        var duplicate = await harness.PublishAsync(new StockReserved(orderId));

        var after = await harness.WaitForMessageAsync<OrderSaga>(orderId, duplicate);
        after.IsIn(OrderStatus.Charging)
            .WentThrough(OrderStatus.Reserving, OrderStatus.Charging)
            .HasHistory(SagaHistoryKind.Ignored, 1)
            .HasHistory(SagaHistoryKind.Rejected, 0)
            .HasGapFreeHistory();
        var row = after.History[^1];
        Assert.Equal((SagaHistoryKind.Ignored, "StockReserved", duplicate), (row.Kind, row.Trigger, row.MessageId!.Value));
        Assert.Equal(before.Snapshot.Compensations.Count, after.Snapshot.Compensations.Count); // no second ReleaseStock registered
        Assert.Equal(before.Snapshot.Deadline, after.Snapshot.Deadline); // the step timeout is not restarted
    }

    [Fact]
    public async Task Should_ignore_late_StockReserved_and_PaymentCaptured_while_shipping()
    {
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Shipping);
        var orderId = Guid.NewGuid();
        await harness.PublishAsync(DemoHarness.Order(orderId));
        var before = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Shipping);

        var stock = await harness.PublishAsync(new StockReserved(orderId));
        await harness.WaitForMessageAsync<OrderSaga>(orderId, stock);
        var payment = await harness.PublishAsync(new PaymentCaptured(orderId, 20.00m, OrderData.ChargeKey(orderId)));

        var after = await harness.WaitForMessageAsync<OrderSaga>(orderId, payment);
        after.IsIn(OrderStatus.Shipping)
            .HasHistory(SagaHistoryKind.Ignored, 2)
            .HasHistory(SagaHistoryKind.Rejected, 0)
            .HasGapFreeHistory();
        Assert.Equal(before.Transitions.Count, after.Transitions.Count);
        Assert.Equal(before.Snapshot.Compensations, after.Snapshot.Compensations); // no extra undo registered
        Assert.Equal(before.Snapshot.Deadline, after.Snapshot.Deadline);
    }
}
