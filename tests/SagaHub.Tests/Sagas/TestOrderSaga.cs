namespace SagaHub.Tests.Sagas;

public sealed record SubmitOrder(Guid OrderId, decimal Amount);

public sealed record OrderNote(Guid OrderId, string Text);

public sealed record ReserveStock(Guid OrderId);

public sealed record StockReserved(Guid OrderId);

public sealed record StockUnavailable(Guid OrderId);

public sealed record ReleaseStock(Guid OrderId);

public sealed record StockReleased(Guid OrderId);

public sealed record ChargePayment(Guid OrderId, decimal Amount);

public sealed record PaymentCharged(Guid OrderId);

public sealed record PaymentFailed(Guid OrderId, string Reason);

public sealed record RefundPayment(Guid OrderId, decimal Amount);

public sealed record PaymentRefunded(Guid OrderId);

public sealed record ShipOrder(Guid OrderId);

public sealed record OrderShipped(Guid OrderId);

public sealed record ShipmentFailed(Guid OrderId);

public sealed record OperatorResolved(Guid OrderId);

public sealed record OrderAlert(Guid OrderId, string State);

public enum TestOrderStatus
{
    Reserving,
    Charging,
    Shipping,
    Completed,
    Cancelled,
    Compensating,
    NeedsAttention,
}

public sealed class TestOrderData
{
    public decimal Amount { get; set; }

    public string? FailureReason { get; set; }
}

/// <summary>
/// Reserve stock, charge, ship. Reserving and charging register undo commands; failures
/// compensate, newest first, each undo confirmed before the next is sent.
/// </summary>
public sealed class TestOrderSaga : SagaDefinition<TestOrderData, TestOrderStatus>
{
    public static readonly TimeSpan ReservationTimeout = TimeSpan.FromMinutes(2);

    public static readonly TimeSpan ShippingTimeout = TimeSpan.FromMinutes(30);

    public TestOrderSaga()
    {
        Correlate<SubmitOrder>(m => m.OrderId);
        Correlate<OrderNote>(m => m.OrderId);
        Correlate<StockReserved>(m => m.OrderId);
        Correlate<StockUnavailable>(m => m.OrderId);
        Correlate<ReleaseStock>(m => m.OrderId);
        Correlate<StockReleased>(m => m.OrderId);
        Correlate<ChargePayment>(m => m.OrderId);
        Correlate<PaymentCharged>(m => m.OrderId);
        Correlate<PaymentFailed>(m => m.OrderId);
        Correlate<RefundPayment>(m => m.OrderId);
        Correlate<PaymentRefunded>(m => m.OrderId);
        Correlate<OrderShipped>(m => m.OrderId);
        Correlate<ShipmentFailed>(m => m.OrderId);
        Correlate<OperatorResolved>(m => m.OrderId);

        SendTo("inventory", typeof(ReserveStock), typeof(ReleaseStock));
        SendTo("payments", typeof(ChargePayment), typeof(RefundPayment));
        SendTo("shipping", typeof(ShipOrder));

        Initially<SubmitOrder>()
            .Then(ctx => ctx.Data.Amount = ctx.Message.Amount)
            .GoTo(TestOrderStatus.Reserving);

        During(TestOrderStatus.Reserving)
            .OnEnter(ctx => ctx.Send(new ReserveStock(ctx.SagaId)))
            .Ignore<OrderNote>()
            .On<StockReserved>().CompensateWith(ctx => new ReleaseStock(ctx.SagaId)).GoTo(TestOrderStatus.Charging)
            .On<StockUnavailable>().Compensate().GoTo(TestOrderStatus.Cancelled)
            .Timeout(ReservationTimeout).GoTo(TestOrderStatus.Cancelled);

        During(TestOrderStatus.Charging)
            .OnEnter(ctx => ctx.Send(new ChargePayment(ctx.SagaId, ctx.Data.Amount)))
            .On<PaymentCharged>().CompensateWith(ctx => new RefundPayment(ctx.SagaId, ctx.Data.Amount)).GoTo(TestOrderStatus.Shipping)
            .On<PaymentFailed>().Then(ctx => ctx.Data.FailureReason = ctx.Message.Reason).Compensate().GoTo(TestOrderStatus.Cancelled)
            .OnFault<ChargePayment>().Compensate().GoTo(TestOrderStatus.Cancelled);

        During(TestOrderStatus.Shipping)
            .OnEnter(ctx => ctx.Send(new ShipOrder(ctx.SagaId)))
            .On<OrderShipped>().GoTo(TestOrderStatus.Completed)
            .On<ShipmentFailed>().Compensate().GoTo(TestOrderStatus.Cancelled)
            .Timeout(ShippingTimeout).Compensate().GoTo(TestOrderStatus.Cancelled);

        Compensating(TestOrderStatus.Compensating)
            .Confirm<ReleaseStock, StockReleased>()
            .Confirm<RefundPayment, PaymentRefunded>()
            .OnFailure(TestOrderStatus.NeedsAttention, ctx => ctx.Publish(new OrderAlert(ctx.SagaId, ctx.State)));

        During(TestOrderStatus.NeedsAttention)
            .On<OperatorResolved>().GoTo(TestOrderStatus.Cancelled);

        Final(TestOrderStatus.Completed, TestOrderStatus.Cancelled);
    }
}
