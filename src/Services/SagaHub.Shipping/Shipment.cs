namespace SagaHub.Shipping;

/// <summary>An order the carrier accepted.</summary>
/// <param name="OrderId">The order.</param>
/// <param name="CustomerId">Who it goes to.</param>
/// <param name="TrackingNumber">The carrier's number for it.</param>
/// <param name="ShippedAt">When it was handed over.</param>
public sealed record Shipment(Guid OrderId, string CustomerId, string TrackingNumber, DateTimeOffset ShippedAt);
