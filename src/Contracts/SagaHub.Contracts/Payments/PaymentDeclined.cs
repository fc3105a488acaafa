namespace SagaHub.Contracts.Payments;

/// <summary>Event: the payment provider declined the charge.</summary>
public sealed record PaymentDeclined(Guid OrderId, string Reason);
