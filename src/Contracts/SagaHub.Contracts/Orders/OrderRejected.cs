namespace SagaHub.Contracts.Orders;

/// <summary>Event: an order was rejected before anything had to be undone.</summary>
public sealed record OrderRejected(Guid OrderId, string CustomerId, string Reason);
