namespace SagaHub.Contracts.Refunds;

/// <summary>Event: the refund was paid and its items restocked.</summary>
public sealed record RefundCompleted(Guid RefundId, Guid OrderId, decimal Amount);
