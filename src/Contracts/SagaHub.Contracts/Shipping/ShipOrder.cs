using SagaHub.Contracts.Orders;

namespace SagaHub.Contracts.Shipping;

/// <summary>Command: hand an order's lines to the carrier.</summary>
public sealed record ShipOrder(Guid OrderId, string CustomerId, IReadOnlyList<OrderLine> Lines);
