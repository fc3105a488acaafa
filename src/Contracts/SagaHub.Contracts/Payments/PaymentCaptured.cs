namespace SagaHub.Contracts.Payments;

/// <summary>Event: the payment for an order was captured.</summary>
public sealed record PaymentCaptured(Guid OrderId, decimal Amount, string IdempotencyKey);
