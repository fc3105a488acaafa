namespace SagaHub.IntegrationTests.Infrastructure;

/// <summary>
/// Where the integration tests find PostgreSQL and RabbitMQ: the local servers scripts/infra-up.sh
/// starts (user sagahub), RabbitMQ in its own virtual host <c>sagahub-tests</c>. Override with
/// SAGAHUB_TEST_PG (an Npgsql connection string) and SAGAHUB_TEST_RABBITMQ_HOST / _VHOST / _USER / _PASSWORD.
/// </summary>
public static class IntegrationSettings
{
    public static string PostgreSql { get; } = Environment.GetEnvironmentVariable("SAGAHUB_TEST_PG")
        ?? "Host=127.0.0.1;Port=5432;Database=sagahub;Username=sagahub;Password=sagahub";

    public static string RabbitHost { get; } = Environment.GetEnvironmentVariable("SAGAHUB_TEST_RABBITMQ_HOST") ?? "127.0.0.1";

    public static string RabbitVirtualHost { get; } = Environment.GetEnvironmentVariable("SAGAHUB_TEST_RABBITMQ_VHOST") ?? "sagahub-tests";

    public static string RabbitUser { get; } = Environment.GetEnvironmentVariable("SAGAHUB_TEST_RABBITMQ_USER") ?? "sagahub";

    public static string RabbitPassword { get; } = Environment.GetEnvironmentVariable("SAGAHUB_TEST_RABBITMQ_PASSWORD") ?? "sagahub";

    /// <summary>A schema name no other test uses.</summary>
    public static string UniqueSchema(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 41)];
}
