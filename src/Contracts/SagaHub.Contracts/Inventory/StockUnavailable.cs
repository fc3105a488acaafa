namespace SagaHub.Contracts.Inventory;

/// <summary>Event: at least one line could not be reserved; nothing was reserved.</summary>
public sealed record StockUnavailable(Guid OrderId, string Sku, string Reason);
