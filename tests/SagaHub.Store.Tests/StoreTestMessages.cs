namespace SagaHub.Store.Tests;

/// <summary>A command a saga sends; durable stores serialize it as JSON and must rebuild it from its type name.</summary>
public sealed record StoreTestCommand(Guid OrderId, string Note, decimal Amount);

/// <summary>An event a saga publishes.</summary>
public sealed record StoreTestEvent(Guid OrderId, string Reason, DateTimeOffset At);
