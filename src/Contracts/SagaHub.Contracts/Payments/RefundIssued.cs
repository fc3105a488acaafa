namespace SagaHub.Contracts.Payments;

/// <summary>Event: the money of a refund request was paid back.</summary>
public sealed record RefundIssued(Guid RefundId, Guid OrderId, decimal Amount, string IdempotencyKey);
