namespace SagaHub.Contracts.Orders;

/// <summary>Event: an order was cancelled after some of its steps were undone.</summary>
public sealed record OrderCancelled(Guid OrderId, string CustomerId, string Reason);
