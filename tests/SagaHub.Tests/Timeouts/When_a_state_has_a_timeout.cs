using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

public class When_a_state_has_a_timeout
{
    private readonly TestOrderSaga saga = new();
    private readonly Guid orderId = Guid.NewGuid();

    private SagaInstance<TestOrderData, TestOrderStatus> Reserving()
    {
        var instance = saga.NewInstance(orderId);
        saga.Fire(instance, new SubmitOrder(orderId, 80m), Guid.NewGuid(), Clock.T0);
        return instance;
    }

    [Fact]
    public void Should_set_the_deadline_on_entering_the_state()
    {
        var instance = Reserving();

        Assert.NotNull(instance.Deadline);
        Assert.Equal(Clock.T0 + TestOrderSaga.ReservationTimeout, instance.Deadline.DueAt);
        Assert.Equal(SagaDeadlineKind.Timeout, instance.Deadline.Kind);
        Assert.NotEqual(Guid.Empty, instance.Deadline.Id);
    }

    [Fact]
    public void Should_clear_the_deadline_on_leaving_the_state()
    {
        var instance = Reserving();

        saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), Clock.At(TimeSpan.FromSeconds(30)));

        Assert.Equal(TestOrderStatus.Charging, instance.Status);
        Assert.Null(instance.Deadline);
    }

    [Fact]
    public void Should_take_the_timeout_transition_when_the_deadline_fires()
    {
        var instance = Reserving();

        var result = saga.FireDeadline(instance);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(TestOrderStatus.Cancelled, instance.Status);
        Assert.True(instance.IsFinal);
        Assert.Null(instance.Deadline);
        var row = Assert.Single(result.History);
        Assert.True(row is { Kind: SagaHistoryKind.Transition, From: "Reserving", To: "Cancelled", Trigger: "Timeout" }, HistoryText.Of(instance));
        Assert.Equal(Clock.T0 + TestOrderSaga.ReservationTimeout, row.At);
    }

    [Fact]
    public void Should_set_a_new_deadline_when_entering_the_next_timed_state()
    {
        var instance = Reserving();
        var first = instance.Deadline;
        var at = Clock.At(TimeSpan.FromMinutes(1));
        saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), at);

        saga.Fire(instance, new PaymentCharged(orderId), Guid.NewGuid(), at);

        Assert.Equal(TestOrderStatus.Shipping, instance.Status);
        Assert.NotNull(instance.Deadline);
        Assert.NotEqual(first?.Id, instance.Deadline.Id);
        Assert.Equal(at + TestOrderSaga.ShippingTimeout, instance.Deadline.DueAt);
    }

    [Fact]
    public void Should_compensate_when_the_timeout_transition_says_so()
    {
        var instance = Reserving();
        saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new PaymentCharged(orderId), Guid.NewGuid(), Clock.T0);

        var result = saga.FireDeadline(instance);

        Assert.Equal(TestOrderStatus.Compensating, instance.Status);
        Assert.True(result.History[0] is { Trigger: "Timeout", From: "Shipping", To: "Compensating" }, HistoryText.Of(instance));
        Assert.Equal(new RefundPayment(orderId, 80m), Assert.Single(result.Outgoing).Message);
        Assert.Null(instance.Deadline);
    }

    [Fact]
    public void Should_treat_an_old_deadline_as_stale_after_the_saga_moved_on()
    {
        var instance = Reserving();
        var old = instance.Deadline!;
        saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), Clock.T0);
        var rows = instance.History.Count;
        var lastSequence = instance.LastSequence;

        var result = saga.Fire(instance, new SagaTimeoutElapsed(saga.Name, orderId, old.Id, old.DueAt), Guid.NewGuid(), old.DueAt);

        Assert.Equal(FireOutcome.Stale, result.Outcome);
        Assert.False(result.Changed);
        Assert.NotNull(result.Reason);
        Assert.Contains(old.Id.ToString(), result.Reason, StringComparison.Ordinal);
        Assert.Empty(result.History);
        Assert.Empty(result.Outgoing);
        Assert.Equal(rows, instance.History.Count);
        Assert.Equal(lastSequence, instance.LastSequence);
        Assert.Equal(TestOrderStatus.Charging, instance.Status);
    }

    [Fact]
    public void Should_treat_a_deadline_with_another_id_as_stale_while_a_deadline_is_pending()
    {
        var instance = Reserving();
        var pending = instance.Deadline!;

        var result = saga.Fire(instance, new SagaTimeoutElapsed(saga.Name, orderId, Guid.NewGuid(), pending.DueAt), Guid.NewGuid(), pending.DueAt);

        Assert.Equal(FireOutcome.Stale, result.Outcome);
        Assert.Equal(TestOrderStatus.Reserving, instance.Status);
        Assert.Equal(pending, instance.Deadline);
        Assert.Single(instance.History);
    }

    [Fact]
    public void Should_refuse_FireDeadline_without_a_pending_deadline()
    {
        var instance = Reserving();
        saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), Clock.T0);

        Assert.Throws<InvalidOperationException>(() => saga.FireDeadline(instance));
    }
}

public class When_compensation_starts_from_a_state_with_a_timeout
{
    [Fact]
    public void Should_not_keep_the_left_state_deadline()
    {
        var saga = new TestOrderSaga();
        var orderId = Guid.NewGuid();
        var instance = saga.NewInstance(orderId);
        TestOrderSagaSteps.FireUntilShipping(saga, instance);
        Assert.NotNull(instance.Deadline); // Shipping's 30-minute timeout

        saga.Fire(instance, new ShipmentFailed(orderId), Guid.NewGuid(), Clock.T0);

        // Shipping was left; Compensating(...) declares no Timeout: nothing may be pending.
        Assert.Equal(TestOrderStatus.Compensating, instance.Status);
        Assert.Null(instance.Deadline);
    }

    [Fact]
    public void Should_not_fail_the_compensation_when_the_left_state_timeout_comes_due()
    {
        var saga = new TestOrderSaga();
        var orderId = Guid.NewGuid();
        var instance = saga.NewInstance(orderId);
        TestOrderSagaSteps.FireUntilShipping(saga, instance);
        var shippingDeadline = instance.Deadline!;
        saga.Fire(instance, new ShipmentFailed(orderId), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, new SagaTimeoutElapsed(saga.Name, orderId, shippingDeadline.Id, shippingDeadline.DueAt), Guid.NewGuid(), shippingDeadline.DueAt);

        Assert.Equal(FireOutcome.Stale, result.Outcome);
        Assert.Equal(TestOrderStatus.Compensating, instance.Status);
    }
}
