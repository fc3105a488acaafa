using SagaHub.Contracts.Orders;

namespace SagaHub.Contracts.Refunds;

/// <summary>
/// Event: a customer asked for money back on a completed order. Starts a RefundSaga. <see cref="ReturnedLines"/> are
/// the items the customer sends back, restocked once the payback succeeded; none by default (a message without the
/// field, or with <c>null</c>, has none).
/// </summary>
public sealed record RefundRequested(
    Guid RefundId,
    Guid OrderId,
    string CustomerId,
    decimal Amount,
    string Reason,
    IReadOnlyList<OrderLine>? ReturnedLines = null)
{
    /// <summary>The lines the customer returns (each a line of the order, at most the quantity ordered); empty when nothing comes back.</summary>
    public IReadOnlyList<OrderLine> ReturnedLines { get; init; } = ReturnedLines ?? [];
}
