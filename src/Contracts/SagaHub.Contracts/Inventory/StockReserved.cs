namespace SagaHub.Contracts.Inventory;

/// <summary>Event: stock was reserved for every line of the order.</summary>
public sealed record StockReserved(Guid OrderId);
