using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

public class When_a_message_is_not_permitted
{
    private readonly TestOrderSaga saga = new();
    private readonly Guid orderId = Guid.NewGuid();

    [Fact]
    public void Should_reject_it_with_a_reason_and_change_nothing()
    {
        var instance = saga.NewInstance(orderId);
        saga.Fire(instance, new SubmitOrder(orderId, 10m), Guid.NewGuid(), Clock.T0);
        var deadline = instance.Deadline;
        var messageId = Guid.NewGuid();

        var result = saga.Fire(instance, new PaymentCharged(orderId), messageId, Clock.At(TimeSpan.FromSeconds(5)));

        var history = HistoryText.Of(instance);
        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.False(result.Changed);
        Assert.False(result.Moved);
        Assert.Equal("PaymentCharged is not permitted in state Reserving", result.Reason);
        Assert.Equal(TestOrderStatus.Reserving, instance.Status);
        Assert.Equal(deadline, instance.Deadline);
        Assert.Empty(instance.Compensations);
        Assert.Empty(result.Outgoing);
        var row = Assert.Single(result.History);
        Assert.True(row is { Sequence: 2, Kind: SagaHistoryKind.Rejected, From: "Reserving", To: "Reserving", Trigger: "PaymentCharged" }, history);
        Assert.Equal(result.Reason, row.Detail);
        Assert.Equal(messageId, row.MessageId);
        Assert.Equal(2, instance.History.Count);
    }

    [Fact]
    public void Should_reject_any_message_in_a_final_state()
    {
        var instance = saga.NewInstance(orderId);
        saga.Fire(instance, new SubmitOrder(orderId, 10m), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new PaymentCharged(orderId), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new OrderShipped(orderId), Guid.NewGuid(), Clock.T0);
        Assert.True(instance.IsFinal, HistoryText.Of(instance));
        var rows = instance.History.Count;

        var result = saga.Fire(instance, new OrderShipped(orderId), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.Equal("the saga is in final state Completed", result.Reason);
        Assert.Equal(TestOrderStatus.Completed, instance.Status);
        Assert.Empty(result.Outgoing);
        Assert.Equal(rows + 1, instance.History.Count);
        Assert.Equal(SagaHistoryKind.Rejected, instance.History[^1].Kind);
    }
}

public class When_a_message_is_ignored_by_the_state
{
    [Fact]
    public void Should_record_it_as_ignored_and_change_nothing()
    {
        var saga = new TestOrderSaga();
        var orderId = Guid.NewGuid();
        var instance = saga.NewInstance(orderId);
        saga.Fire(instance, new SubmitOrder(orderId, 10m), Guid.NewGuid(), Clock.T0);
        var deadline = instance.Deadline;

        var result = saga.Fire(instance, new OrderNote(orderId, "gift wrap"), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Ignored, result.Outcome);
        Assert.False(result.Changed);
        Assert.Equal("state Reserving ignores OrderNote", result.Reason);
        Assert.Equal(TestOrderStatus.Reserving, instance.Status);
        Assert.Equal(deadline, instance.Deadline);
        Assert.Empty(result.Outgoing);
        var row = Assert.Single(result.History);
        Assert.True(row is { Kind: SagaHistoryKind.Ignored, From: "Reserving", To: "Reserving", Trigger: "OrderNote", Sequence: 2 }, HistoryText.Of(instance));
        Assert.Equal(result.Reason, row.Detail);
    }

    [Fact]
    public void Should_reject_the_same_message_in_a_state_that_does_not_ignore_it()
    {
        var saga = new TestOrderSaga();
        var orderId = Guid.NewGuid();
        var instance = saga.NewInstance(orderId);
        saga.Fire(instance, new SubmitOrder(orderId, 10m), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, new OrderNote(orderId, "gift wrap"), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.Equal(SagaHistoryKind.Rejected, Assert.Single(result.History).Kind);
    }
}
