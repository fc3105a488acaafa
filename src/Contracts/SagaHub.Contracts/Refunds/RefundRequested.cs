using SagaHub.Contracts.Orders;

namespace SagaHub.Contracts.Refunds;

/// <summary>Event: a customer asked for money back on a completed order. Starts a RefundSaga.</summary>
public sealed record RefundRequested(
    Guid RefundId,
    Guid OrderId,
    string CustomerId,
    decimal Amount,
    string Reason,
    IReadOnlyList<OrderLine> Lines);
