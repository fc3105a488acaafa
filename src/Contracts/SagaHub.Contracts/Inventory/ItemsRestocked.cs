namespace SagaHub.Contracts.Inventory;

/// <summary>Event: the items of a refund are back on hand.</summary>
public sealed record ItemsRestocked(Guid RefundId, Guid OrderId);
