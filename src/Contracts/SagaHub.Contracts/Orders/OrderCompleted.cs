namespace SagaHub.Contracts.Orders;

/// <summary>Event: an order was reserved, charged and shipped.</summary>
public sealed record OrderCompleted(Guid OrderId, string CustomerId, decimal Total);
