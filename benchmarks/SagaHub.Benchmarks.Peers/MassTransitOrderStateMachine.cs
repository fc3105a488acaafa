using MassTransit;
using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Shipping;

namespace SagaHub.Benchmarks.Peers;

/// <summary>
/// The order flow of SagaHub's <c>OrderSaga</c> on MassTransit's own state machine, talking to the
/// same services with the same messages: reserve stock, charge, ship; a decline or a failed shipment
/// undoes what was done (sent straight away, without waiting for confirmations). Finished instances
/// stay in the repository, as SagaHub keeps its finished saga rows. Messages for an order this
/// machine does not know are discarded, and messages a state does not expect are ignored (SagaHub
/// records those as rejected; neither faults).
/// </summary>
public sealed class MassTransitOrderStateMachine : MassTransitStateMachine<MassTransitOrderState>
{
    private static readonly Uri InventoryQueue = new($"queue:{Queues.Inventory}");
    private static readonly Uri PaymentsQueue = new($"queue:{Queues.Payments}");
    private static readonly Uri ShippingQueue = new($"queue:{Queues.Shipping}");

    /// <summary>Defines the machine.</summary>
    public MassTransitOrderStateMachine()
    {
        InstanceState(x => x.CurrentState);
        Event(() => Submitted, e => e.CorrelateById(c => c.Message.OrderId));
        Event(() => Reserved, e => e.CorrelateById(c => c.Message.OrderId).OnMissingInstance(m => m.Discard()));
        Event(() => Unavailable, e => e.CorrelateById(c => c.Message.OrderId).OnMissingInstance(m => m.Discard()));
        Event(() => Captured, e => e.CorrelateById(c => c.Message.OrderId).OnMissingInstance(m => m.Discard()));
        Event(() => Declined, e => e.CorrelateById(c => c.Message.OrderId).OnMissingInstance(m => m.Discard()));
        Event(() => Shipped, e => e.CorrelateById(c => c.Message.OrderId).OnMissingInstance(m => m.Discard()));
        Event(() => ShippingFailed, e => e.CorrelateById(c => c.Message.OrderId).OnMissingInstance(m => m.Discard()));
        OnUnhandledEvent(c => c.Ignore());

        Initially(
            When(Submitted)
                .Then(c => c.Saga.Accept(c.Message))
                .Send(InventoryQueue, c => new ReserveStock(c.Saga.CorrelationId, c.Saga.Lines))
                .TransitionTo(Reserving));

        During(
            Reserving,
            When(Reserved)
                .Send(PaymentsQueue, c => new ChargePayment(c.Saga.CorrelationId, c.Saga.CustomerId, c.Saga.Total, PeerKeys.Charge(c.Saga.CorrelationId)))
                .TransitionTo(Charging),
            When(Unavailable)
                .Then(c => c.Saga.Reason = c.Message.Reason)
                .Publish(c => new OrderRejected(c.Saga.CorrelationId, c.Saga.CustomerId, c.Message.Reason))
                .TransitionTo(Rejected));

        During(
            Charging,
            When(Captured)
                .Send(ShippingQueue, c => new ShipOrder(c.Saga.CorrelationId, c.Saga.CustomerId, c.Saga.Lines))
                .TransitionTo(Shipping),
            When(Declined)
                .Then(c => c.Saga.Reason = c.Message.Reason)
                .Send(InventoryQueue, c => new ReleaseStock(c.Saga.CorrelationId))
                .Publish(c => new OrderCancelled(c.Saga.CorrelationId, c.Saga.CustomerId, c.Message.Reason))
                .TransitionTo(Cancelled));

        During(
            Shipping,
            When(Shipped)
                .Then(c => c.Saga.TrackingNumber = c.Message.TrackingNumber)
                .Publish(c => new OrderCompleted(c.Saga.CorrelationId, c.Saga.CustomerId, c.Saga.Total))
                .TransitionTo(Completed),
            When(ShippingFailed)
                .Then(c => c.Saga.Reason = c.Message.Reason)
                .Send(PaymentsQueue, c => new RefundPayment(c.Saga.CorrelationId, c.Saga.Total, PeerKeys.Refund(c.Saga.CorrelationId)))
                .Send(InventoryQueue, c => new ReleaseStock(c.Saga.CorrelationId))
                .Publish(c => new OrderCancelled(c.Saga.CorrelationId, c.Saga.CustomerId, c.Message.Reason))
                .TransitionTo(Cancelled));
    }

    /// <summary>Stock is being reserved.</summary>
    public State Reserving { get; private set; } = null!;

    /// <summary>The payment is being charged.</summary>
    public State Charging { get; private set; } = null!;

    /// <summary>The order is being shipped.</summary>
    public State Shipping { get; private set; } = null!;

    /// <summary>Reserved, charged and shipped.</summary>
    public State Completed { get; private set; } = null!;

    /// <summary>Stock was unavailable; nothing to undo.</summary>
    public State Rejected { get; private set; } = null!;

    /// <summary>Declined or not shipped; what was done is undone.</summary>
    public State Cancelled { get; private set; } = null!;

    /// <summary>An order was submitted.</summary>
    public Event<OrderSubmitted> Submitted { get; private set; } = null!;

    /// <summary>Inventory reserved the stock.</summary>
    public Event<StockReserved> Reserved { get; private set; } = null!;

    /// <summary>Inventory had not enough stock.</summary>
    public Event<StockUnavailable> Unavailable { get; private set; } = null!;

    /// <summary>Payments captured the charge.</summary>
    public Event<PaymentCaptured> Captured { get; private set; } = null!;

    /// <summary>Payments declined the charge.</summary>
    public Event<PaymentDeclined> Declined { get; private set; } = null!;

    /// <summary>Shipping handed the order to the carrier.</summary>
    public Event<OrderShipped> Shipped { get; private set; } = null!;

    /// <summary>The carrier refused the order.</summary>
    public Event<ShipmentFailed> ShippingFailed { get; private set; } = null!;
}
