using Npgsql;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Services.Tests.Infrastructure;

/// <summary>
/// A PostgreSQL database of its own for one test class (<c>IClassFixture&lt;PostgresDatabase&gt;</c>):
/// created as <c>sagahub_t_&lt;guid&gt;</c> through a connection to the <c>sagahub</c> database, and
/// dropped <c>WITH (FORCE)</c> afterwards. The server is the local one that <c>scripts/infra-up.sh</c>
/// starts, or <c>SAGAHUB_TEST_POSTGRES</c> (a connection string to a database the role may create
/// databases from). Tests using it are <c>[Trait("Category", "Integration")]</c>.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    private const string LocalServer = "Host=127.0.0.1;Port=5432;Username=sagahub;Password=sagahub;Database=sagahub;Timeout=10";

    private readonly string _admin = Environment.GetEnvironmentVariable("SAGAHUB_TEST_POSTGRES") is { Length: > 0 } configured ? configured : LocalServer;

    public string Name { get; } = "sagahub_t_" + Guid.NewGuid().ToString("N");

    /// <summary>
    /// The connection string of the test database: a small pool, so tests that run many transactions
    /// at once queue for a connection instead of using up the server's (the drop clears the pools).
    /// </summary>
    public string ConnectionString => new NpgsqlConnectionStringBuilder(_admin) { Database = Name, MaxPoolSize = 16, Timeout = 30 }.ConnectionString;

    /// <summary>Settings that put a service into this database.</summary>
    public ServiceDatabaseOptions Options => new() { Provider = SagaStoreProvider.PostgreSql, ConnectionString = ConnectionString };

    /// <summary>Warms the PostgreSQL path once per process, in a database of its own (see <see cref="ServiceWarmup"/>).</summary>
    private static readonly Lazy<Task> Warmup = new(async () =>
    {
        var database = new PostgresDatabase();
        await database.CreateAsync();
        try
        {
            await ServiceWarmup.RunAsync(database.Options);
        }
        finally
        {
            await database.DisposeAsync();
        }
    });

    public async Task InitializeAsync()
    {
        await Warmup.Value;
        await CreateAsync();
    }

    private async Task CreateAsync()
    {
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{Name}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
