namespace SagaHub.Contracts.Payments;

/// <summary>Command: charge a customer for an order. The idempotency key makes a redelivered charge harmless.</summary>
public sealed record ChargePayment(Guid OrderId, string CustomerId, decimal Amount, string IdempotencyKey);
