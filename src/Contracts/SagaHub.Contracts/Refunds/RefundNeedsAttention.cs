namespace SagaHub.Contracts.Refunds;

/// <summary>Event (alert): a refund could not finish by itself; an operator must act.</summary>
public sealed record RefundNeedsAttention(Guid RefundId, Guid OrderId, string Reason);
