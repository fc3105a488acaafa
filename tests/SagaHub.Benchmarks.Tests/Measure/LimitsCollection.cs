namespace SagaHub.Benchmarks.Tests.Measure;

/// <summary>Runs against the local PostgreSQL and RabbitMQ; one at a time, so they do not take each other's CPU.</summary>
[CollectionDefinition(Name)]
public sealed class LimitsCollection
{
    public const string Name = "Limits against the local servers";
}
