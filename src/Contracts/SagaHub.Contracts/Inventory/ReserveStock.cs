using SagaHub.Contracts.Orders;

namespace SagaHub.Contracts.Inventory;

/// <summary>Command: reserve stock for every line of an order, all or nothing.</summary>
public sealed record ReserveStock(Guid OrderId, IReadOnlyList<OrderLine> Lines);
