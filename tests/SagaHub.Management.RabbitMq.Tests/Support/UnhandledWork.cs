namespace SagaHub.Management.RabbitMq.Tests.Support;

/// <summary>A message no consumer takes: MassTransit moves it to <c>_skipped</c>.</summary>
public sealed record UnhandledWork(Guid WorkId);
