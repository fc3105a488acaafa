using Npgsql;
using SagaHub.Benchmarks.Peers;

namespace SagaHub.Benchmarks.Tests.Peers;

/// <summary>A schema of its own for one test class on the local PostgreSQL, dropped at the end.</summary>
public sealed class HandRolledSchemaFixture : IAsyncLifetime
{
    public const string ConnectionString = "Host=127.0.0.1;Port=5432;Database=sagahub;Username=sagahub;Password=sagahub";

    public string Schema { get; } = $"peers_test_{Guid.NewGuid():N}"[..27];

    public Task InitializeAsync() => HandRolledSchema.EnsureAsync(ConnectionString, Schema);

    public async Task DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{Schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
