namespace SagaHub.Contracts.Payments;

/// <summary>Event: the charge of an order was given back.</summary>
public sealed record PaymentRefunded(Guid OrderId, decimal Amount, string IdempotencyKey);
