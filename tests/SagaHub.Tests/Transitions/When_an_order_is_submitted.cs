using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

public class When_an_order_is_submitted
{
    private readonly TestOrderSaga saga = new();
    private readonly Guid orderId = Guid.NewGuid();

    [Fact]
    public void Should_create_the_instance_in_the_first_state()
    {
        var instance = saga.NewInstance(orderId);
        var messageId = Guid.NewGuid();

        var result = saga.Fire(instance, new SubmitOrder(orderId, 250m), messageId, Clock.T0);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(SagaDefinition<TestOrderData, TestOrderStatus>.InitialStateName, result.From);
        Assert.Equal("Reserving", result.To);
        Assert.True(result.Moved);
        Assert.True(instance.IsStarted);
        Assert.False(instance.IsFinal);
        Assert.Equal(TestOrderStatus.Reserving, instance.Status);
        Assert.Equal(250m, instance.Data.Amount);
        Assert.Equal(Clock.T0, instance.CreatedAt);
        Assert.Equal(Clock.T0, instance.UpdatedAt);

        var row = Assert.Single(instance.History);
        Assert.Equal(new SagaHistoryEntry(1, "Initial", "Reserving", "SubmitOrder", messageId, Clock.T0, SagaHistoryKind.Transition, null), row);
        Assert.Equal(instance.History, result.History);
        Assert.Equal(1, instance.LastSequence);
    }

    [Fact]
    public void Should_send_the_entry_command_to_the_routed_queue()
    {
        var instance = saga.NewInstance(orderId);

        var result = saga.Fire(instance, new SubmitOrder(orderId, 250m), Guid.NewGuid(), Clock.T0);

        var sent = Assert.Single(result.Outgoing);
        Assert.Equal(typeof(ReserveStock), sent.MessageType);
        Assert.Equal(new ReserveStock(orderId), sent.Message);
        Assert.Equal("inventory", sent.Destination);
        Assert.False(sent.IsPublish);
        Assert.NotEqual(Guid.Empty, sent.MessageId);
    }

    [Fact]
    public void Should_throw_SagaNotFoundException_for_a_message_that_cannot_start_it()
    {
        var instance = saga.NewInstance(orderId);

        var ex = Assert.Throws<SagaNotFoundException>(() => saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), Clock.T0));

        Assert.Equal(orderId, ex.SagaId);
        Assert.Equal("StockReserved", ex.MessageType);
        Assert.Equal("TestOrderSaga", ex.SagaName);
        Assert.False(instance.IsStarted);
        Assert.Empty(instance.History);
    }

    [Fact]
    public void Should_reject_a_second_initiating_message_once_started()
    {
        var instance = saga.NewInstance(orderId);
        saga.Fire(instance, new SubmitOrder(orderId, 250m), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, new SubmitOrder(orderId, 999m), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.Equal(TestOrderStatus.Reserving, instance.Status);
        Assert.Equal(250m, instance.Data.Amount);
        Assert.Empty(result.Outgoing);
    }
}

public class When_an_action_sends_a_command_without_a_route
{
    [Fact]
    public void Should_throw_SagaExecutionException_naming_the_command()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A)
                .OnEnter(ctx => ctx.Send(new UndoA(ctx.SagaId)))
                .On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });
        var id = Guid.NewGuid();

        var ex = Assert.Throws<SagaExecutionException>(() => saga.Fire(saga.NewInstance(id), new Go(id)));

        Assert.Contains("UndoA", ex.Message, StringComparison.Ordinal);
        Assert.Contains("SendTo", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_send_to_an_explicit_queue_without_a_route()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A)
                .OnEnter(ctx => ctx.Send("undo-queue", new UndoA(ctx.SagaId)))
                .On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });
        var id = Guid.NewGuid();

        var result = saga.Fire(saga.NewInstance(id), new Go(id));

        var sent = Assert.Single(result.Outgoing);
        Assert.Equal("undo-queue", sent.Destination);
        Assert.Equal(new UndoA(id), sent.Message);
    }
}
