namespace SagaHub.Contracts.Inventory;

/// <summary>Command (compensation): release the stock reserved for an order. Idempotent.</summary>
public sealed record ReleaseStock(Guid OrderId);
