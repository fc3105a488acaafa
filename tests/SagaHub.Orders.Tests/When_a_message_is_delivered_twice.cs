using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Orders;

namespace SagaHub.Orders.Tests;

/// <summary>The saga's inbox: one message id is handled once, however often it is delivered.</summary>
public sealed class When_a_message_is_delivered_twice
{
    [Fact]
    public async Task Should_start_one_saga_for_a_repeated_OrderSubmitted()
    {
        await using var harness = await DemoHarness.StartAsync();
        var orderId = Guid.NewGuid();
        var messageId = Guid.NewGuid();

        await harness.PublishAsync(DemoHarness.Order(orderId), messageId);
        await harness.PublishAsync(DemoHarness.Order(orderId), messageId);
        await harness.DuplicateSkippedAsync(messageId);

        var order = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Completed);
        Assert.Single(order.Transitions, t => t.Trigger == "OrderSubmitted");
        Assert.Single(order.History, h => h.MessageId == messageId);
        order.HasHistory(SagaHistoryKind.Rejected, 0).HasGapFreeHistory();
        Assert.Equal(1, harness.SentCount<ReserveStock>(m => m.OrderId == orderId));
    }

    [Fact]
    public async Task Should_move_once_for_a_repeated_StockReserved()
    {
        // Without inventory the order waits in Reserving; the test plays the inventory's answer, twice.
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Inventory);
        var orderId = Guid.NewGuid();
        await harness.PublishAsync(DemoHarness.Order(orderId));
        await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Reserving);
        var messageId = Guid.NewGuid();

        await harness.PublishAsync(new StockReserved(orderId), messageId);
        await harness.PublishAsync(new StockReserved(orderId), messageId);
        await harness.DuplicateSkippedAsync(messageId);

        var order = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Completed);

        // Handled twice, a duplicate would leave an Ignored (Charging, Shipping) or Rejected (Completed) row.
        Assert.Single(order.History, h => h.Trigger == "StockReserved");
        order.Transitioned(OrderStatus.Reserving, OrderStatus.Charging, "StockReserved")
            .HasHistory(SagaHistoryKind.Ignored, 0)
            .HasHistory(SagaHistoryKind.Rejected, 0)
            .HasGapFreeHistory();
        Assert.Single(order.Snapshot.Compensations, c => c.MessageType.EndsWith(nameof(ReleaseStock), StringComparison.Ordinal));
    }
}
