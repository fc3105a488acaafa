using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Shipping;
using SagaHub.Orders;

namespace SagaHub.Tests.Graph;

/// <summary>The demo's order saga described: states, timeouts, ignores, faults and its compensation.</summary>
public class DemoOrderSagaGraphTests
{
    private static readonly OrderSagaOptions Options = new() { StepTimeout = TimeSpan.FromMinutes(7), CompensationTimeout = TimeSpan.FromMinutes(11) };

    private readonly SagaGraph graph = new OrderSaga(Options).Describe();

    private SagaGraphState State(OrderStatus status) => graph.FindState(status.ToString()) ?? throw new InvalidOperationException($"no state {status}");

    private SagaGraphTransition Single(string? from, string trigger) =>
        Assert.Single(graph.Transitions, t => t.From == from && t.TriggerName == trigger);

    [Fact]
    public void Describe_OrderSaga_ListsTheStatesInEnumOrder()
    {
        Assert.Equal("OrderSaga", graph.SagaName);
        Assert.Equal(SagaDefinition<OrderData, OrderStatus>.InitialStateName, graph.InitialStateName);
        Assert.Equal(Enum.GetNames<OrderStatus>(), graph.States.Select(s => s.Name));
        Assert.Equal(["Completed", "Rejected", "Cancelled"], graph.FinalStates);
        Assert.Equal(["NeedsAttention"], graph.ParkedStates);
    }

    [Fact]
    public void Describe_OrderSaga_StartsWithOrderSubmitted()
    {
        var start = Assert.Single(graph.TransitionsFrom(null));

        Assert.True(start.IsInitial);
        Assert.Equal(SagaTriggerKind.Message, start.TriggerKind);
        Assert.Equal(typeof(OrderSubmitted), start.MessageType);
        Assert.Equal("Reserving", start.Target);
        Assert.True(start.HasActions);
        Assert.False(start.IsGuarded);
    }

    [Fact]
    public void Describe_OrderSaga_GivesEachWaitingStateItsStepTimeout()
    {
        Assert.Equal(TimeSpan.FromMinutes(7), State(OrderStatus.Reserving).Timeout);
        Assert.Equal(TimeSpan.FromMinutes(7), State(OrderStatus.Charging).Timeout);
        Assert.Equal(TimeSpan.FromMinutes(7), State(OrderStatus.Shipping).Timeout);
        Assert.Null(State(OrderStatus.Compensating).Timeout); // its limit is per undo command
        Assert.Null(State(OrderStatus.Completed).Timeout);
    }

    [Fact]
    public void Describe_OrderSaga_ListsTheTransitionsOfCharging()
    {
        var charging = graph.TransitionsFrom("Charging");

        Assert.Equal(["PaymentCaptured", "PaymentDeclined", "Fault<ChargePayment>", "Timeout"], charging.Select(t => t.TriggerName));
        Assert.Equal([typeof(PaymentCaptured), typeof(PaymentDeclined), typeof(CommandFault<ChargePayment>), null], charging.Select(t => t.MessageType));
        Assert.Equal(SagaTriggerKind.Timeout, charging[3].TriggerKind);
        Assert.Equal([typeof(RefundPayment)], charging[0].CompensationCommandTypes);
        Assert.False(charging[0].StartsCompensation);
        Assert.Equal("Shipping", charging[0].Target);
        Assert.All(charging.Skip(1), t =>
        {
            Assert.True(t.StartsCompensation, t.ToString());
            Assert.Equal("Compensating", t.CompensationState);
            Assert.Equal("Cancelled", t.Target);
        });
    }

    [Fact]
    public void Describe_OrderSaga_ListsWhatEachStateIgnores()
    {
        Assert.Empty(State(OrderStatus.Reserving).IgnoredMessageTypes);
        Assert.Equal([typeof(StockReserved)], State(OrderStatus.Charging).IgnoredMessageTypes);
        Assert.Equal([typeof(StockReserved), typeof(PaymentCaptured)], State(OrderStatus.Shipping).IgnoredMessageTypes);
    }

    [Fact]
    public void Describe_OrderSaga_DescribesTheCompensation()
    {
        var compensation = graph.Compensation;

        Assert.NotNull(compensation);
        Assert.Equal("Compensating", compensation.State);
        Assert.Equal("NeedsAttention", compensation.FailureState);
        Assert.Equal(TimeSpan.FromMinutes(11), compensation.Timeout);
        Assert.True(compensation.HasFailureActions);
        Assert.Equal([typeof(ReleaseStock), typeof(RefundPayment)], compensation.CommandTypes);
        Assert.Equal(
            [(typeof(RefundPayment), typeof(PaymentRefunded), typeof(CommandFault<RefundPayment>)), (typeof(ReleaseStock), typeof(StockReleased), typeof(CommandFault<ReleaseStock>))],
            compensation.Confirmations.Select(c => (c.CommandType, c.ConfirmationType, c.FaultType)));
        Assert.True(State(OrderStatus.Compensating).IsCompensating);
        Assert.Empty(graph.TransitionsFrom("Compensating"));
    }

    [Fact]
    public void Describe_OrderSaga_MarksEntryActionsAndFinalStates()
    {
        Assert.True(State(OrderStatus.Reserving).HasEntryActions);
        Assert.False(State(OrderStatus.Reserving).HasExitActions);
        Assert.True(State(OrderStatus.Completed).IsFinal);
        Assert.Empty(graph.TransitionsFrom("Completed"));
        Assert.False(State(OrderStatus.Charging).IsFinal);
        Assert.Null(State(OrderStatus.Charging).HumanTask);
        Assert.False(State(OrderStatus.Charging).HasJoin);
    }

    [Fact]
    public void Describe_OrderSaga_ListsEveryMessageTypeOnce()
    {
        Assert.Equal(
            [
                typeof(OrderSubmitted), typeof(StockReserved), typeof(StockUnavailable), typeof(PaymentCaptured), typeof(PaymentDeclined), typeof(CommandFault<ChargePayment>),
                typeof(OrderShipped), typeof(ShipmentFailed), typeof(CommandFault<ShipOrder>), typeof(PaymentRefunded), typeof(CommandFault<RefundPayment>), typeof(StockReleased), typeof(CommandFault<ReleaseStock>),
            ],
            graph.MessageTypes);
    }

    [Fact]
    public void Describe_OrderSaga_AgreesWithTheMermaidExport()
    {
        var saga = new OrderSaga(Options);
        var mermaid = saga.ToMermaid();

        foreach (var transition in saga.Describe().Transitions)
        {
            var to = transition.StartsCompensation ? transition.CompensationState : transition.Target;
            Assert.Contains($"{transition.From ?? "[*]"} --> {to} :", mermaid, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Describe_OrderSaga_TimeoutOfReservingCompensatesWithReleaseStock()
    {
        var timeout = Single("Reserving", "Timeout");

        Assert.Null(timeout.MessageType);
        Assert.Equal([typeof(ReleaseStock)], timeout.CompensationCommandTypes);
        Assert.True(timeout.StartsCompensation);
        Assert.Equal("Reserving --Timeout--> Compensating -> Cancelled", timeout.ToString());
    }
}
