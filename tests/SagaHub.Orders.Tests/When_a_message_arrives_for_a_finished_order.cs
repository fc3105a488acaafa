using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Orders;

namespace SagaHub.Orders.Tests;

public sealed class When_a_message_arrives_for_a_finished_order
{
    [Fact]
    public async Task Should_record_it_as_rejected_and_change_nothing()
    {
        await using var harness = await DemoHarness.StartAsync();
        var orderId = Guid.NewGuid();
        await harness.PublishAsync(DemoHarness.Order(orderId));
        var before = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Completed);
        await harness.PublishedAsync<OrderCompleted>(m => m.OrderId == orderId);
        var reserveCommands = harness.SentCount<ReserveStock>(m => m.OrderId == orderId);

        var late = await harness.PublishAsync(new StockReserved(orderId));

        var after = await harness.WaitForMessageAsync<OrderSaga>(orderId, late);
        after.IsIn(OrderStatus.Completed)
            .Rejected("StockReserved", "final state")
            .HasHistory(SagaHistoryKind.Rejected, 1)
            .HasGapFreeHistory();
        Assert.Equal(before.Transitions.Count, after.Transitions.Count);
        Assert.Equal(before.Snapshot.Data, after.Snapshot.Data);
        var row = after.History[^1];
        Assert.Equal((SagaHistoryKind.Rejected, late), (row.Kind, row.MessageId!.Value));
        Assert.Equal(reserveCommands, harness.SentCount<ReserveStock>(m => m.OrderId == orderId));
        Assert.Single(harness.Bus.Published.Select<OrderCompleted>(m => m.Context.Message.OrderId == orderId)); // not published again
    }
}
