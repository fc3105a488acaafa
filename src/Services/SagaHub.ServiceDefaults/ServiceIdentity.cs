namespace SagaHub.ServiceDefaults;

/// <summary>The name a service process was started with; names its RabbitMQ connection and its log lines.</summary>
internal sealed record ServiceIdentity(string Name);
