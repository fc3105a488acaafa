namespace SagaHub.Contracts.Orders;

/// <summary>Event: a customer submitted an order. Starts an OrderSaga.</summary>
/// <param name="OrderId">The order (and the saga's correlation id).</param>
/// <param name="CustomerId">The customer.</param>
/// <param name="Lines">The ordered lines.</param>
/// <param name="IdempotencyKey">The client's <c>Idempotency-Key</c> when it sent one (the order id is then derived from it), else null.</param>
/// <param name="RequestFingerprint">With <paramref name="IdempotencyKey"/>: a hash of the canonical request, so a retry with that key is compared against it; else null.</param>
public sealed record OrderSubmitted(Guid OrderId, string CustomerId, IReadOnlyList<OrderLine> Lines, string? IdempotencyKey = null, string? RequestFingerprint = null);
