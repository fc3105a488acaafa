namespace SagaHub.Management.RabbitMq.Tests.Support;

/// <summary>The message the test consumers take on the saga queue and the service queue.</summary>
public sealed record DoWork(Guid WorkId, string Note);
