using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Refunds;
using SagaHub.Orders;
using SagaHub.Stateless.Tests.Support;
using SagaHub.Tests.Support;
using Stateless;
using Stateless.Graph;
using TestSagas = SagaHub.Tests.Sagas;

namespace SagaHub.Stateless.Tests;

/// <summary>The adapter on its own: what the machine permits, ignores and draws, and what it refuses to do.</summary>
public class SagaStateMachineExtensionsTests
{
    private static readonly OrderLine[] Lines = [new("SKU-1", 2, 10m)];
    private readonly Guid id = Guid.NewGuid();

    private (OrderSaga Saga, SagaInstance<OrderData, OrderStatus> Instance) OrderInCharging()
    {
        var saga = new OrderSaga();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new OrderSubmitted(id, "c-1", Lines), null, Clock.T0);
        saga.Fire(instance, new StockReserved(id), null, Clock.T0);
        Assert.Equal(OrderStatus.Charging, instance.Status);
        return (saga, instance);
    }

    [Fact]
    public async Task GetPermittedTriggersAsync_OrderInCharging_ListsItsRepliesTimeoutAndIgnore()
    {
        var (saga, instance) = OrderInCharging();

        var permitted = await saga.ToStateMachine(instance).GetPermittedTriggersAsync();

        Assert.Equal(
            ["Fault<ChargePayment>", "PaymentCaptured", "PaymentDeclined", "StockReserved", "Timeout"],
            permitted.Select(t => t.ToString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void CanFire_OrderInCharging_RefusesWhatChargingDoesNotDeclare()
    {
        var (saga, instance) = OrderInCharging();
        var machine = saga.ToStateMachine(instance);

        Assert.True(machine.CanFire(SagaTrigger.Message<PaymentCaptured>()));
        Assert.False(machine.CanFire(SagaTrigger.Message<StockUnavailable>()));
        Assert.False(machine.CanFire(SagaTrigger.TaskApproved));
        Assert.Equal(OrderStatus.Charging, machine.State);
    }

    [Fact]
    public void Fire_MachineBoundToAnInstance_ThrowsAndLeavesTheInstanceAlone()
    {
        var (saga, instance) = OrderInCharging();
        var machine = saga.ToStateMachine(instance);

        var error = Assert.Throws<InvalidOperationException>(() => machine.Fire(SagaTrigger.Message<PaymentCaptured>()));

        Assert.Contains("only inspects", error.Message, StringComparison.Ordinal);
        Assert.Equal(OrderStatus.Charging, instance.Status);
    }

    [Fact]
    public void ToStateMachine_InstanceNotStarted_Throws()
    {
        var saga = new OrderSaga();

        Assert.Throws<ArgumentException>(() => saga.ToStateMachine(saga.NewInstance(id)));
    }

    [Fact]
    public void Fire_OwnStateWithoutInstance_FollowsTheFixedTransitions()
    {
        var status = OrderStatus.Reserving;
        var machine = new OrderSaga().ToStateMachine(() => status, s => status = s);

        machine.Fire(SagaTrigger.Message<StockReserved>());
        machine.Fire(SagaTrigger.Message<PaymentCaptured>());

        Assert.Equal(OrderStatus.Shipping, status);
    }

    [Fact]
    public void Fire_CompensatingTriggerWithoutInstance_ThrowsBecauseTheStackDecides()
    {
        var status = OrderStatus.Charging;
        var machine = new OrderSaga().ToStateMachine(() => status, s => status = s);

        var error = Assert.Throws<InvalidOperationException>(() => machine.Fire(SagaTrigger.Message<PaymentDeclined>()));

        Assert.Contains("depends on the saga instance", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fire_StayAndIgnore_WriteTheStateOnlyForTheStay()
    {
        var status = TestSagas.PlanStatus.Reserving;
        var writes = new List<TestSagas.PlanStatus>();
        var machine = new TestSagas.PlanSaga().ToStateMachine(() => status, s => writes.Add(status = s));

        machine.Fire(SagaTrigger.Message<TestSagas.CarReserved>());

        Assert.Equal([TestSagas.PlanStatus.Reserving], writes);
        var ignoring = OrderInCharging();
        var written = 0;
        var charging = OrderStatus.Charging;
        ignoring.Saga.ToStateMachine(() => charging, _ => written++, ignoring.Instance).Fire(SagaTrigger.Message<StockReserved>());
        Assert.Equal(0, written);
    }

    [Fact]
    public void CanFire_GuardedTrigger_EvaluatesTheGuardOnlyWithTheMessage()
    {
        var saga = new TestSagas.GuardSaga();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new TestSagas.OpenAccount(id), null, Clock.T0);
        var machine = saga.ToStateMachine(instance, new FixedTime(Clock.T0));
        var verify = SagaTrigger.Message<TestSagas.Verify>();

        Assert.True(machine.CanFire(verify)); // the guard may hold
        Assert.True(machine.CanFire(verify, new TestSagas.Verify(id, true)));
        Assert.False(machine.CanFire(verify, new TestSagas.Verify(id, false)));
        Assert.Equal(0, instance.Data.GuardCalls);
    }

    [Theory]
    [InlineData(500, TestSagas.GuardStatus.Large)]
    [InlineData(-1, TestSagas.GuardStatus.Refused)]
    [InlineData(5, TestSagas.GuardStatus.Small)]
    public void Fire_GuardedTriggerWithTheMessage_TakesTheEnginesBranch(int amount, TestSagas.GuardStatus expected)
    {
        var saga = new TestSagas.GuardSaga();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new TestSagas.OpenAccount(id), null, Clock.T0);
        var status = instance.Status;
        var machine = saga.ToStateMachine(() => status, s => status = s, instance);

        machine.Fire(SagaTrigger.Message<TestSagas.Deposit>(), new TestSagas.Deposit(id, amount));

        Assert.Equal(expected, status);
        Assert.Equal(TestSagas.GuardStatus.Open, instance.Status);
    }

    [Fact]
    public void Fire_GuardedTriggerWithoutTheMessage_ThrowsNamingTheGuards()
    {
        var status = TestSagas.GuardStatus.Open;
        var machine = new TestSagas.GuardSaga().ToStateMachine(() => status, s => status = s);

        var error = Assert.Throws<InvalidOperationException>(() => machine.Fire(SagaTrigger.Message<TestSagas.Deposit>()));

        Assert.Contains("amount above 100 | negative amount | otherwise", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fire_LastJoinMember_TakesTheJoinTransitionAndARepeatIsIgnored()
    {
        var saga = new TestSagas.TripSaga();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new TestSagas.StartTrip(id), null, Clock.T0);
        saga.Fire(instance, new TestSagas.FlightBooked(id, "LH1"), null, Clock.T0);
        var status = instance.Status;
        var writes = 0;
        var machine = saga.ToStateMachine(() => status, s => (status, writes) = (s, writes + 1), instance);

        machine.Fire(SagaTrigger.Message<TestSagas.FlightBooked>());
        Assert.Equal(0, writes);
        machine.Fire(SagaTrigger.Message<TestSagas.HotelBooked>());

        Assert.Equal(TestSagas.TripStatus.Extras, status);
    }

    [Fact]
    public void CanFire_Compensating_PermitsOnlyTheAwaitedConfirmationAndItsFault()
    {
        var saga = new TestSagas.TestOrderSaga();
        var instance = saga.NewInstance(id);
        TestOrderSagaSteps.FireUntilShipping(saga, instance);
        saga.Fire(instance, new TestSagas.ShipmentFailed(id), null, Clock.T0);
        Assert.Equal(TestSagas.TestOrderStatus.Compensating, instance.Status);
        var machine = saga.ToStateMachine(instance);

        Assert.True(machine.CanFire(SagaTrigger.Message<TestSagas.PaymentRefunded>()));
        Assert.True(machine.CanFire(SagaTrigger.Message<CommandFault<TestSagas.RefundPayment>>()));
        Assert.False(machine.CanFire(SagaTrigger.Message<TestSagas.StockReleased>()));
        Assert.False(machine.CanFire(SagaTrigger.Message<CommandFault<TestSagas.ReleaseStock>>()));
    }

    [Fact]
    public void Fire_Confirmation_StaysCompensatingWhileAnotherUndoWaitsThenEntersTheTarget()
    {
        var saga = new TestSagas.TestOrderSaga();
        var instance = saga.NewInstance(id);
        TestOrderSagaSteps.FireUntilShipping(saga, instance);
        saga.Fire(instance, new TestSagas.ShipmentFailed(id), null, Clock.T0);
        var status = instance.Status;

        saga.ToStateMachine(() => status, s => status = s, instance).Fire(SagaTrigger.Message<TestSagas.PaymentRefunded>());
        Assert.Equal(TestSagas.TestOrderStatus.Compensating, status);
        saga.Fire(instance, new TestSagas.PaymentRefunded(id), null, Clock.T0);
        saga.ToStateMachine(() => status, s => status = s, instance).Fire(SagaTrigger.Message<TestSagas.StockReleased>());

        Assert.Equal(TestSagas.TestOrderStatus.Cancelled, status);
    }

    [Fact]
    public void CanFire_TaskWithEscalation_ExpiresOnlyAfterTheEscalation()
    {
        var saga = new RefundSaga();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new RefundRequested(id, Guid.NewGuid(), "c-1", 500m, "broken"), null, Clock.T0);
        Assert.Equal(RefundStatus.AwaitingApproval, instance.Status);

        var before = saga.ToStateMachine(instance);
        Assert.True(before.CanFire(SagaTrigger.TaskApproved));
        Assert.True(before.CanFire(SagaTrigger.TaskRejected));
        Assert.False(before.CanFire(SagaTrigger.TaskExpired));
        saga.FireDeadline(instance); // escalates: no transition
        var after = saga.ToStateMachine(instance);

        Assert.True(after.CanFire(SagaTrigger.TaskExpired));
        Assert.False(after.CanFire(SagaTrigger.TaskApproved, new HumanTaskCompleted(saga.Name, id, Guid.NewGuid(), true, "someone", null)));
        Assert.True(after.CanFire(SagaTrigger.TaskApproved, new HumanTaskCompleted(saga.Name, id, instance.Task!.TaskId, true, "someone", null)));
    }

    [Fact]
    public void GetInfo_OrderSaga_DescribesStatesFixedAndDynamicTransitionsAndIgnores()
    {
        var status = OrderStatus.Reserving;
        var info = new OrderSaga().ToStateMachine(() => status, s => status = s).GetInfo();

        Assert.Equal(Enum.GetNames<OrderStatus>().Order(StringComparer.Ordinal), info.States.Select(s => s.UnderlyingState.ToString()!).Order(StringComparer.Ordinal));
        var charging = info.States.Single(s => OrderStatus.Charging.Equals(s.UnderlyingState));
        var captured = Assert.Single(charging.FixedTransitions, t => t.Trigger.UnderlyingTrigger.Equals(SagaTrigger.Message<PaymentCaptured>()));
        Assert.Equal(OrderStatus.Shipping, captured.DestinationState.UnderlyingState);
        Assert.Contains(charging.IgnoredTriggers, t => t.Trigger.UnderlyingTrigger.Equals(SagaTrigger.Message<StockReserved>()));
        var declined = Assert.Single(charging.DynamicTransitions, t => t.Trigger.UnderlyingTrigger.Equals(SagaTrigger.Message<PaymentDeclined>()));
        Assert.Equal(["Compensating", "Cancelled"], declined.PossibleDestinationStates.Select(d => d.DestinationState));
        Assert.Empty(info.States.Single(s => OrderStatus.Completed.Equals(s.UnderlyingState)).Transitions);
    }

    [Fact]
    public void UmlDotGraph_OrderSaga_DrawsTheTransitionTable()
    {
        var status = OrderStatus.Reserving;
        var dot = UmlDotGraph.Format(new OrderSaga().ToStateMachine(() => status, s => status = s).GetInfo());

        Assert.Contains("\"Reserving\" -> \"Charging\" [style=\"solid\", label=\"StockReserved\"];", dot, StringComparison.Ordinal);
        Assert.Contains("\"Shipping\" -> \"Completed\" [style=\"solid\", label=\"OrderShipped\"];", dot, StringComparison.Ordinal);
        Assert.Contains("-> \"Compensating\" [style=\"solid\", label=\"PaymentDeclined [an undo command waits for its confirmation]\"];", dot, StringComparison.Ordinal);
    }

    [Fact]
    public void SagaTrigger_Names_AreTheHistoryNames()
    {
        Assert.Equal("Fault<ChargePayment>", SagaTrigger.Message<CommandFault<ChargePayment>>().ToString());
        Assert.Equal("StockReserved", SagaTrigger.Message(typeof(StockReserved)).ToString());
        Assert.Equal(["Timeout", "Approved", "Rejected", "Expired"], new[] { SagaTrigger.Timeout, SagaTrigger.TaskApproved, SagaTrigger.TaskRejected, SagaTrigger.TaskExpired }.Select(t => t.ToString()));
        Assert.Equal(SagaTrigger.Message<StockReserved>(), SagaTrigger.Message(typeof(StockReserved)));
        Assert.NotEqual(SagaTrigger.Message<StockReserved>(), SagaTrigger.Message<StockReleased>());
    }

    [Fact]
    public void SagaTrigger_OfAJoinTransition_Throws()
    {
        var join = new TestSagas.TripSaga().Describe().Transitions.First(t => t.TriggerKind == SagaTriggerKind.Join);

        Assert.Throws<ArgumentException>(() => SagaTrigger.Of(join));
    }
}
