namespace SagaHub.Contracts.Inventory;

/// <summary>Event: the stock reserved for an order was released (or there was none left to release).</summary>
public sealed record StockReleased(Guid OrderId);
