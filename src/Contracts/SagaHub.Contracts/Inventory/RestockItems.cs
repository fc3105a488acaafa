using SagaHub.Contracts.Orders;

namespace SagaHub.Contracts.Inventory;

/// <summary>Command: put refunded items back on hand. Idempotent per refund.</summary>
public sealed record RestockItems(Guid RefundId, Guid OrderId, IReadOnlyList<OrderLine> Lines);
