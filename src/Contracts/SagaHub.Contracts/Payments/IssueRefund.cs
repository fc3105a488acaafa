namespace SagaHub.Contracts.Payments;

/// <summary>Command: pay back part or all of a completed order, for a refund request. Idempotent by key.</summary>
public sealed record IssueRefund(Guid RefundId, Guid OrderId, decimal Amount, string IdempotencyKey);
