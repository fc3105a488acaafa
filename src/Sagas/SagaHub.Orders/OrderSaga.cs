using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Shipping;

namespace SagaHub.Orders;

/// <summary>An order: reserve stock, charge payment, ship; undo what was done when a step fails or times out.</summary>
public sealed class OrderSaga : SagaDefinition<OrderData, OrderStatus>
{
    /// <summary>Creates the saga with default timeouts.</summary>
    public OrderSaga()
        : this(new OrderSagaOptions())
    {
    }

    /// <summary>Creates the saga.</summary>
    /// <param name="options">Its timeouts.</param>
    public OrderSaga(OrderSagaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        CorrelateBy(nameof(OrderSubmitted.OrderId)); // every event it handles and every command whose fault it handles
        SendTo(Queues.Inventory, typeof(ReserveStock), typeof(ReleaseStock));
        SendTo(Queues.Payments, typeof(ChargePayment), typeof(RefundPayment));
        SendTo(Queues.Shipping, typeof(ShipOrder));

        Initially<OrderSubmitted>()
            .Then(ctx => ctx.Data.Accept(ctx.Message))
            .GoTo(OrderStatus.Reserving);

        During(OrderStatus.Reserving)
            .OnEnter(ctx => ctx.Send(new ReserveStock(ctx.SagaId, ctx.Data.Lines)))
            .On<StockReserved>().CompensateWith(ctx => new ReleaseStock(ctx.SagaId)).GoTo(OrderStatus.Charging)
            .On<StockUnavailable>().Then(ctx => ctx.Data.Reason = ctx.Message.Reason).GoTo(OrderStatus.Rejected)
            .Timeout(options.StepTimeout).CompensateWith(ctx => new ReleaseStock(ctx.SagaId)).Compensate().GoTo(OrderStatus.Cancelled);

        During(OrderStatus.Charging)
            .OnEnter(ctx => ctx.Send(new ChargePayment(ctx.SagaId, ctx.Data.CustomerId, ctx.Data.Total, OrderData.ChargeKey(ctx.SagaId))))
            .On<PaymentCaptured>().CompensateWith(ctx => new RefundPayment(ctx.SagaId, ctx.Message.Amount, OrderData.RefundKey(ctx.SagaId))).GoTo(OrderStatus.Shipping)
            .On<PaymentDeclined>().Then(ctx => ctx.Data.Reason = ctx.Message.Reason).Compensate().GoTo(OrderStatus.Cancelled)
            .OnFault<ChargePayment>().Then(ctx => ctx.Data.Reason = "payment failed: " + ctx.Message.Exceptions[0].Message).Compensate().GoTo(OrderStatus.Cancelled)
            .Timeout(options.StepTimeout).CompensateWith(ctx => new RefundPayment(ctx.SagaId, ctx.Data.Total, OrderData.RefundKey(ctx.SagaId))).Compensate().GoTo(OrderStatus.Cancelled)
            .Ignore<StockReserved>();

        During(OrderStatus.Shipping)
            .OnEnter(ctx => ctx.Send(new ShipOrder(ctx.SagaId, ctx.Data.CustomerId, ctx.Data.Lines)))
            .On<OrderShipped>().Then(ctx => ctx.Data.TrackingNumber = ctx.Message.TrackingNumber).GoTo(OrderStatus.Completed)
            .On<ShipmentFailed>().Then(ctx => ctx.Data.Reason = ctx.Message.Reason).Compensate().GoTo(OrderStatus.Cancelled)
            .OnFault<ShipOrder>().Then(ctx => ctx.Data.Reason = "shipping failed: " + ctx.Message.Exceptions[0].Message).Compensate().GoTo(OrderStatus.Cancelled)
            .Timeout(options.StepTimeout).Then(ctx => ctx.Data.Reason = "no answer from shipping").Compensate().GoTo(OrderStatus.Cancelled)
            .Ignore<StockReserved>()
            .Ignore<PaymentCaptured>();

        Compensating(OrderStatus.Compensating)
            .Confirm<RefundPayment, PaymentRefunded>()
            .Confirm<ReleaseStock, StockReleased>()
            .Timeout(options.CompensationTimeout)
            .OnFailure(OrderStatus.NeedsAttention, ctx => ctx.Publish(new OrderNeedsAttention(ctx.SagaId, "a compensation failed or timed out")));

        During(OrderStatus.Completed).OnEnter(ctx => ctx.Publish(new OrderCompleted(ctx.SagaId, ctx.Data.CustomerId, ctx.Data.Total)));
        During(OrderStatus.Rejected).OnEnter(ctx => ctx.Publish(new OrderRejected(ctx.SagaId, ctx.Data.CustomerId, ctx.Data.Reason ?? "rejected")));
        During(OrderStatus.Cancelled).OnEnter(ctx => ctx.Publish(new OrderCancelled(ctx.SagaId, ctx.Data.CustomerId, ctx.Data.Reason ?? "cancelled")));
        Final(OrderStatus.Completed, OrderStatus.Rejected, OrderStatus.Cancelled);
        Parked(OrderStatus.NeedsAttention);
        Searchable("customerId", d => d.CustomerId);
    }
}
