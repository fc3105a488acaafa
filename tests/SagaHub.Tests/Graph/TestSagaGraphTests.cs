using SagaHub.Tests.Sagas;

namespace SagaHub.Tests.Graph;

/// <summary>The test sagas described: joins, stays, compensation without confirmations, a task without expiry, and the contract of Describe itself.</summary>
public class TestSagaGraphTests
{
    [Fact]
    public void Describe_TripSaga_ListsTheJoinMembersAndTheJoinTransition()
    {
        var graph = new TripSaga().Describe();

        var booking = graph.FindState("Booking");
        Assert.NotNull(booking);
        Assert.True(booking.HasJoin);
        Assert.Equal([typeof(FlightBooked), typeof(HotelBooked)], booking.JoinMessageTypes);
        var join = Assert.Single(graph.TransitionsFrom("Booking"), t => t.TriggerKind == SagaTriggerKind.Join);
        Assert.Equal("all arrived", join.TriggerName);
        Assert.Null(join.MessageType);
        Assert.Equal("Extras", join.Target);
        Assert.True(join.HasActions);
        Assert.Equal([typeof(CarBooked), typeof(InsuranceBought)], graph.FindState("Extras")?.JoinMessageTypes);
        Assert.Equal([typeof(StartTrip), typeof(BookingFailed), typeof(FlightBooked), typeof(HotelBooked), typeof(CarBooked), typeof(InsuranceBought)], graph.MessageTypes);
    }

    [Fact]
    public void Describe_PlanSaga_MarksStaysAndCompensationWithoutConfirmations()
    {
        var graph = new PlanSaga().Describe();

        var reserving = graph.TransitionsFrom("Reserving");
        Assert.Equal([true, true, false, false], reserving.Select(t => t.Stays));
        Assert.Equal([null, null, "Done", "Cancelled"], reserving.Select(t => t.Target));
        Assert.Equal([typeof(CancelCar)], reserving[0].CompensationCommandTypes);
        Assert.True(reserving[3].StartsCompensation);
        Assert.Equal("RollingBack", reserving[3].CompensationState);
        var compensation = graph.Compensation;
        Assert.NotNull(compensation);
        Assert.Empty(compensation.Confirmations);
        Assert.Null(compensation.Timeout);
        Assert.False(compensation.HasFailureActions);
        Assert.Equal("Broken", compensation.FailureState);
        Assert.Equal([typeof(CancelCar), typeof(CancelRoom)], compensation.CommandTypes);
    }

    [Fact]
    public void Describe_TestOrderSaga_ListsIgnoresTimeoutsAndTheOperatorsWayOut()
    {
        var graph = new TestOrderSaga().Describe();

        Assert.Equal([typeof(OrderNote)], graph.FindState("Reserving")?.IgnoredMessageTypes);
        Assert.Equal(TestOrderSaga.ReservationTimeout, graph.FindState("Reserving")?.Timeout);
        Assert.Equal(TestOrderSaga.ShippingTimeout, graph.FindState("Shipping")?.Timeout);
        Assert.Null(graph.FindState("Charging")?.Timeout);
        var timeout = Assert.Single(graph.TransitionsFrom("Reserving"), t => t.TriggerKind == SagaTriggerKind.Timeout);
        Assert.False(timeout.StartsCompensation);
        Assert.Equal("Cancelled", timeout.Target);
        var resolved = Assert.Single(graph.TransitionsFrom("NeedsAttention"));
        Assert.Equal(typeof(OperatorResolved), resolved.MessageType);
        Assert.Equal(["Completed", "Cancelled"], graph.FinalStates);
        Assert.False(graph.FindState("NeedsAttention")?.IsFinal);
    }

    [Fact]
    public void Describe_TestRefundSaga_TaskExpiresAfterEscalation()
    {
        var task = new TestRefundSaga().Describe().FindState("AwaitingApproval")?.HumanTask;

        Assert.NotNull(task);
        Assert.Equal(TestRefundSaga.TaskName, task.Name);
        Assert.Equal("finance", task.Assignee);
        Assert.Equal(TestRefundSaga.DueIn, task.DueIn);
        Assert.Equal("finance-lead", task.EscalateTo);
        Assert.Equal(TestRefundSaga.ExpireAfter, task.ExpireAfterEscalation);
    }

    [Fact]
    public void Describe_GuardSaga_KeepsEveryGuardInDeclarationOrder()
    {
        var deposits = new GuardSaga().Describe().TransitionsFrom("Open").Where(t => t.MessageType == typeof(Deposit)).ToList();

        Assert.Equal(["amount above 100", "negative amount", null], deposits.Select(t => t.GuardReason));
        Assert.Equal([false, false, true], deposits.Select(t => t.IsOtherwise));
        Assert.Equal(["Large", "Refused", "Small"], deposits.Select(t => t.Target));
    }

    [Fact]
    public void Describe_CalledTwice_ReturnsTheSameGraph()
    {
        var saga = new TraceSaga();

        Assert.Same(saga.Describe(), saga.Describe());
        Assert.Same(saga.Describe(), ((ISagaDefinition)saga).Describe());
    }

    [Fact]
    public void Describe_TraceSaga_MarksEntryAndExitActions()
    {
        var first = new TraceSaga().Describe().FindState("First");

        Assert.NotNull(first);
        Assert.True(first.HasEntryActions);
        Assert.True(first.HasExitActions);
        Assert.Equal(TraceSaga.FirstTimeout, first.Timeout);
    }

    [Fact]
    public void Describe_InvalidDefinition_ThrowsTheValidationError()
    {
        var saga = new AdHocSaga(s => s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.B));

        Assert.Throws<SagaDefinitionException>(saga.Describe);
    }

    [Fact]
    public void FindState_UnknownName_ReturnsNull()
    {
        Assert.Null(new TripSaga().Describe().FindState("Nowhere"));
    }
}
