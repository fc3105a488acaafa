namespace SagaHub.Contracts.Payments;

/// <summary>Command (compensation): give back what was charged for an order. Idempotent by key.</summary>
public sealed record RefundPayment(Guid OrderId, decimal Amount, string IdempotencyKey);
