namespace SagaHub.Contracts.Orders;

/// <summary>Event (alert): an order could not be completed or undone by itself; an operator must act.</summary>
public sealed record OrderNeedsAttention(Guid OrderId, string Reason);
