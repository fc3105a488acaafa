using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Orders;

namespace SagaHub.Orders.Tests;

public sealed class When_inventory_does_not_answer
{
    private static readonly OrderSagaOptions Options = new();

    [Fact]
    public async Task Should_do_nothing_before_the_step_timeout()
    {
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Inventory, Options);
        var orderId = Guid.NewGuid();
        await harness.PublishAsync(DemoHarness.Order(orderId));
        await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Reserving);

        Assert.Equal(0, await harness.AdvanceTimeAsync(Options.StepTimeout - TimeSpan.FromSeconds(1)));

        (await harness.SagaAsync<OrderSaga>(orderId)).IsIn(OrderStatus.Reserving).WentThrough(OrderStatus.Reserving);
    }

    [Fact]
    public async Task Should_release_the_stock_after_the_step_timeout()
    {
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Inventory, Options);
        var orderId = Guid.NewGuid();
        await harness.PublishAsync(DemoHarness.Order(orderId));
        await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Reserving);

        Assert.Equal(1, await harness.AdvanceTimeAsync(Options.StepTimeout));

        // A reservation may have been made and its answer lost: the timeout undoes it just in case.
        (await harness.SagaAsync<OrderSaga>(orderId)).IsIn(OrderStatus.Compensating)
            .Transitioned(OrderStatus.Reserving, OrderStatus.Compensating, "Timeout")
            .Compensated("ReleaseStock");
        await harness.SentAsync<ReleaseStock>(m => m.OrderId == orderId);
    }

    [Fact]
    public async Task Should_need_attention_when_the_release_is_not_confirmed_in_time()
    {
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Inventory, Options);
        var orderId = Guid.NewGuid();
        await harness.PublishAsync(DemoHarness.Order(orderId));
        await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Reserving);
        await harness.AdvanceTimeAsync(Options.StepTimeout);

        Assert.Equal(1, await harness.AdvanceTimeAsync(Options.CompensationTimeout));

        var order = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.NeedsAttention);
        order.WentThrough(OrderStatus.Reserving, OrderStatus.Compensating, OrderStatus.NeedsAttention)
            .Transitioned(OrderStatus.Compensating, OrderStatus.NeedsAttention, "Timeout")
            .Compensated("ReleaseStock")
            .HasHistory(SagaHistoryKind.Compensated, 0)
            .HasGapFreeHistory();

        // The unconfirmed undo stays on the stack for an operator to retry.
        var pending = Assert.Single(order.Snapshot.Compensations);
        Assert.EndsWith(nameof(ReleaseStock), pending.MessageType, StringComparison.Ordinal);
        Assert.Null(order.Snapshot.Deadline);

        var alert = await harness.PublishedAsync<OrderNeedsAttention>(m => m.OrderId == orderId);
        Assert.Contains("compensation", alert.Reason, StringComparison.Ordinal);
        Assert.False(harness.Bus.Published.Select<OrderCancelled>(m => m.Context.Message.OrderId == orderId).Any());
    }
}
