namespace SagaHub.Contracts.Orders;

/// <summary>Event: a customer submitted an order. Starts an OrderSaga.</summary>
public sealed record OrderSubmitted(Guid OrderId, string CustomerId, IReadOnlyList<OrderLine> Lines);
