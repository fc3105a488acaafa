namespace SagaHub.Contracts.Refunds;

/// <summary>Event: the refund was turned down (by a person or because nobody decided in time).</summary>
public sealed record RefundRejected(Guid RefundId, Guid OrderId, string Reason);
