using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

public class When_a_step_fails_after_completed_steps
{
    private readonly TestOrderSaga saga = new();
    private readonly Guid orderId = Guid.NewGuid();

    /// <summary>Submitted, stock reserved, payment charged: two undo commands on the stack, saga in Shipping.</summary>
    private SagaInstance<TestOrderData, TestOrderStatus> Shipping()
    {
        var instance = saga.NewInstance(orderId);
        TestOrderSagaSteps.FireUntilShipping(saga, instance);
        Assert.True(instance.Status == TestOrderStatus.Shipping, HistoryText.Of(instance));
        return instance;
    }

    [Fact]
    public void Should_push_an_undo_entry_for_each_completed_step_oldest_first()
    {
        var instance = saga.NewInstance(orderId);
        saga.Fire(instance, new SubmitOrder(orderId, 80m), Guid.NewGuid(), Clock.T0);
        Assert.Empty(instance.Compensations);

        var reserved = saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), Clock.T0);
        var charged = saga.Fire(instance, new PaymentCharged(orderId), Guid.NewGuid(), Clock.T0);

        Assert.Collection(
            instance.Compensations,
            first =>
            {
                Assert.Equal("StockReserved", first.Step);
                Assert.Equal(typeof(ReleaseStock).FullName, first.MessageType);
                Assert.Equal("inventory", first.Destination);
                Assert.Contains(orderId.ToString(), first.Payload, StringComparison.Ordinal);
            },
            second =>
            {
                Assert.Equal("PaymentCharged", second.Step);
                Assert.Equal(typeof(RefundPayment).FullName, second.MessageType);
                Assert.Equal("payments", second.Destination);
                Assert.Contains("80", second.Payload, StringComparison.Ordinal);
            });

        // Registering an undo sends nothing: only the next state's entry command goes out.
        Assert.Equal([typeof(ChargePayment)], reserved.Outgoing.Select(o => o.MessageType));
        Assert.Equal([typeof(ShipOrder)], charged.Outgoing.Select(o => o.MessageType));
    }

    [Fact]
    public void Should_issue_the_newest_compensation_first_and_wait_for_its_confirmation()
    {
        var instance = Shipping();

        var result = saga.Fire(instance, new ShipmentFailed(orderId), Guid.NewGuid(), Clock.T0);

        var history = HistoryText.Of(instance);
        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(TestOrderStatus.Compensating, instance.Status);
        Assert.False(instance.IsFinal);
        var sent = Assert.Single(result.Outgoing);
        Assert.Equal(typeof(RefundPayment), sent.MessageType);
        Assert.Equal(new RefundPayment(orderId, 80m), sent.Message);
        Assert.Equal("payments", sent.Destination);
        Assert.Equal(
            [SagaHistoryKind.Transition, SagaHistoryKind.CompensationIssued],
            HistoryText.Kinds(result.History));
        Assert.True(result.History[0] is { From: "Shipping", To: "Compensating", Trigger: "ShipmentFailed", Detail: "compensating 2 step(s), newest first" }, history);
        Assert.True(result.History[1] is { From: "Compensating", Trigger: "ShipmentFailed", Detail: "RefundPayment (undoes PaymentCharged)" }, history);
        Assert.NotNull(instance.Compensating);
        Assert.Equal("Cancelled", instance.Compensating.TargetState);
        Assert.Equal("ShipmentFailed", instance.Compensating.Reason);
        Assert.Equal(typeof(RefundPayment).FullName, instance.Compensating.Awaiting?.MessageType);
        Assert.Equal([typeof(ReleaseStock).FullName], instance.Compensations.Select(c => c.MessageType));
    }

    [Fact]
    public void Should_not_issue_the_next_compensation_on_a_confirmation_it_is_not_waiting_for()
    {
        var instance = Shipping();
        saga.Fire(instance, new ShipmentFailed(orderId), Guid.NewGuid(), Clock.T0);

        var early = saga.Fire(instance, new StockReleased(orderId), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Rejected, early.Outcome);
        Assert.Empty(early.Outgoing);
        Assert.Equal(TestOrderStatus.Compensating, instance.Status);
        Assert.Equal(typeof(RefundPayment).FullName, instance.Compensating?.Awaiting?.MessageType);
        Assert.Single(instance.Compensations);
    }

    [Fact]
    public void Should_issue_each_compensation_once_in_order_then_enter_the_target()
    {
        var instance = Shipping();
        var sent = new List<OutgoingMessage>();

        var failed = saga.Fire(instance, new ShipmentFailed(orderId), Guid.NewGuid(), Clock.T0);
        sent.AddRange(failed.Outgoing);
        var refunded = saga.Fire(instance, new PaymentRefunded(orderId), Guid.NewGuid(), Clock.T0);
        sent.AddRange(refunded.Outgoing);

        var history = HistoryText.Of(instance);
        Assert.Equal(FireOutcome.Applied, refunded.Outcome);
        Assert.Equal(TestOrderStatus.Compensating, instance.Status);
        Assert.Equal([SagaHistoryKind.Compensated, SagaHistoryKind.CompensationIssued], HistoryText.Kinds(refunded.History));
        Assert.True(refunded.History[0] is { Trigger: "PaymentRefunded", Detail: "RefundPayment confirmed (undid PaymentCharged)" }, history);
        Assert.True(refunded.History[1] is { Trigger: "PaymentRefunded", Detail: "ReleaseStock (undoes StockReserved)" }, history);
        var release = Assert.Single(refunded.Outgoing);
        Assert.Equal(new ReleaseStock(orderId), release.Message);
        Assert.Equal("inventory", release.Destination);
        Assert.Empty(instance.Compensations);

        var released = saga.Fire(instance, new StockReleased(orderId), Guid.NewGuid(), Clock.T0);
        sent.AddRange(released.Outgoing);

        history = HistoryText.Of(instance);
        Assert.Empty(released.Outgoing);
        Assert.Equal([SagaHistoryKind.Compensated, SagaHistoryKind.Transition], HistoryText.Kinds(released.History));
        Assert.True(released.History[0] is { Detail: "ReleaseStock confirmed (undid StockReserved)" }, history);
        Assert.True(released.History[1] is { From: "Compensating", To: "Cancelled", Trigger: "StockReleased", Detail: "compensation complete (ShipmentFailed)" }, history);
        Assert.Equal(TestOrderStatus.Cancelled, instance.Status);
        Assert.True(instance.IsFinal);
        Assert.Null(instance.Compensating);
        Assert.Empty(instance.Compensations);

        Assert.Equal([typeof(RefundPayment), typeof(ReleaseStock)], sent.Select(s => s.MessageType));
        HistoryText.AssertGapFree(instance);
        Assert.Equal(
            [
                SagaHistoryKind.Transition, // Initial -> Reserving
                SagaHistoryKind.Transition, // -> Charging
                SagaHistoryKind.Transition, // -> Shipping
                SagaHistoryKind.Transition, // -> Compensating
                SagaHistoryKind.CompensationIssued,
                SagaHistoryKind.Compensated,
                SagaHistoryKind.CompensationIssued,
                SagaHistoryKind.Compensated,
                SagaHistoryKind.Transition, // -> Cancelled
            ],
            HistoryText.Kinds(instance.History));
    }

    [Fact]
    public void Should_go_straight_to_the_target_when_nothing_is_to_compensate()
    {
        var instance = saga.NewInstance(orderId);
        saga.Fire(instance, new SubmitOrder(orderId, 80m), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, new StockUnavailable(orderId), Guid.NewGuid(), Clock.T0);

        Assert.Equal(TestOrderStatus.Cancelled, instance.Status);
        Assert.True(instance.IsFinal);
        Assert.Null(instance.Compensating);
        Assert.Empty(result.Outgoing);
        var row = Assert.Single(result.History);
        Assert.True(row is { Kind: SagaHistoryKind.Transition, From: "Reserving", To: "Cancelled", Detail: "nothing to compensate" }, HistoryText.Of(instance));
    }

    [Fact]
    public void Should_run_the_transition_actions_before_compensating()
    {
        var instance = saga.NewInstance(orderId);
        saga.Fire(instance, new SubmitOrder(orderId, 80m), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, new PaymentFailed(orderId, "card declined"), Guid.NewGuid(), Clock.T0);

        Assert.Equal("card declined", instance.Data.FailureReason);
        Assert.Equal(TestOrderStatus.Compensating, instance.Status);
        Assert.Equal(new ReleaseStock(orderId), Assert.Single(result.Outgoing).Message);
    }

    [Fact]
    public void Should_compensate_on_the_fault_of_a_command()
    {
        var instance = saga.NewInstance(orderId);
        saga.Fire(instance, new SubmitOrder(orderId, 80m), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, TestFault.Of(new ChargePayment(orderId, 80m), "gateway down"), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(TestOrderStatus.Compensating, instance.Status);
        Assert.Equal("Fault<ChargePayment>", result.History[0].Trigger);
        Assert.Equal(new ReleaseStock(orderId), Assert.Single(result.Outgoing).Message);
    }
}

public class When_a_compensation_faults
{
    private readonly TestOrderSaga saga = new();
    private readonly Guid orderId = Guid.NewGuid();

    [Fact]
    public void Should_park_in_the_failure_state_alert_and_put_the_entry_back()
    {
        var instance = saga.NewInstance(orderId);
        TestOrderSagaSteps.FireUntilShipping(saga, instance);
        var stackBefore = instance.Compensations.ToList();
        saga.Fire(instance, new ShipmentFailed(orderId), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(
            instance, TestFault.Of(new RefundPayment(orderId, 80m), "card processor down"), Guid.NewGuid(), Clock.T0);

        var history = HistoryText.Of(instance);
        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(TestOrderStatus.NeedsAttention, instance.Status);
        Assert.False(instance.IsFinal);
        Assert.Null(instance.Compensating);
        var alert = Assert.Single(result.Outgoing);
        Assert.True(alert.IsPublish);
        Assert.Equal(typeof(OrderAlert), alert.MessageType);
        Assert.Equal(new OrderAlert(orderId, "Compensating"), alert.Message);
        var row = Assert.Single(result.History);
        Assert.True(row is { Kind: SagaHistoryKind.Transition, From: "Compensating", To: "NeedsAttention", Trigger: "Fault<RefundPayment>" }, history);
        Assert.Equal("compensation failed: RefundPayment failed: card processor down", row.Detail);
        Assert.Equal(stackBefore, instance.Compensations);
    }

    [Fact]
    public void Should_ignore_the_fault_of_a_compensation_it_is_not_waiting_for()
    {
        var instance = saga.NewInstance(orderId);
        TestOrderSagaSteps.FireUntilShipping(saga, instance);
        saga.Fire(instance, new ShipmentFailed(orderId), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, TestFault.Of(new ReleaseStock(orderId), "boom"), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.Equal(TestOrderStatus.Compensating, instance.Status);
        Assert.Empty(result.Outgoing);
    }
}

public class When_compensations_declare_no_confirmation
{
    [Fact]
    public void Should_send_every_compensation_in_one_message_newest_first()
    {
        var saga = new PlanSaga();
        var planId = Guid.NewGuid();
        var instance = saga.NewInstance(planId);
        saga.Fire(instance, new PlanTrip(planId), Guid.NewGuid(), Clock.T0);
        var car = saga.Fire(instance, new CarReserved(planId), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new RoomReserved(planId), Guid.NewGuid(), Clock.T0);
        Assert.Equal(SagaHistoryKind.Stayed, Assert.Single(car.History).Kind);
        Assert.Equal(2, instance.Compensations.Count);

        var result = saga.Fire(instance, new PlanFailed(planId), Guid.NewGuid(), Clock.T0);

        var history = HistoryText.Of(instance);
        Assert.Collection(
            result.Outgoing,
            first =>
            {
                Assert.Equal(new CancelRoom(planId), first.Message);
                Assert.Equal("rooms", first.Destination);
            },
            second =>
            {
                Assert.Equal(new CancelCar(planId), second.Message);
                Assert.Equal("cars", second.Destination);
            });
        Assert.Equal(
            [SagaHistoryKind.Transition, SagaHistoryKind.CompensationIssued, SagaHistoryKind.CompensationIssued, SagaHistoryKind.Transition],
            HistoryText.Kinds(result.History));
        Assert.True(result.History[0] is { From: "Reserving", To: "RollingBack" }, history);
        Assert.True(result.History[1] is { Detail: "CancelRoom (undoes RoomReserved)" }, history);
        Assert.True(result.History[2] is { Detail: "CancelCar (undoes CarReserved)" }, history);
        Assert.True(result.History[3] is { From: "RollingBack", To: "Cancelled", Detail: "compensation complete (PlanFailed)" }, history);
        Assert.Equal(PlanStatus.Cancelled, instance.Status);
        Assert.True(instance.IsFinal);
        Assert.Empty(instance.Compensations);
        Assert.Null(instance.Compensating);
        HistoryText.AssertGapFree(instance);
    }
}
