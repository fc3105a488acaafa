namespace SagaHub.Contracts.Shipping;

/// <summary>Event: the carrier accepted the order.</summary>
public sealed record OrderShipped(Guid OrderId, string TrackingNumber);
