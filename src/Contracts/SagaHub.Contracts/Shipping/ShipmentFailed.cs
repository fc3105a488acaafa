namespace SagaHub.Contracts.Shipping;

/// <summary>Event: the carrier refused the order.</summary>
public sealed record ShipmentFailed(Guid OrderId, string Reason);
