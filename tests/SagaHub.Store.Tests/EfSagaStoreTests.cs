using Npgsql;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Store.Tests;

/// <summary>The contract on SQLite: a fresh database file per test.</summary>
public sealed class SqliteSagaStoreTests : SagaStoreContract
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"sagahub-store-{Guid.NewGuid():N}.db");

    protected override Task<ISagaStore> CreateStoreAsync() =>
        Task.FromResult<ISagaStore>(new EfSagaStore(new SagaStoreOptions().UseSqlite($"Data Source={file};Pooling=False")));

    protected override bool SessionsSerializeOnTheSaga => true;

    protected override async Task DisposeStoreAsync()
    {
        await base.DisposeStoreAsync(); // deletes the queued dispatched rows first
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
        {
            File.Delete(path);
        }
    }
}

/// <summary>The contract on PostgreSQL: a fresh schema per test, dropped afterwards.</summary>
[Trait("Category", "Integration")]
public sealed class PostgreSqlSagaStoreTests : SagaStoreContract
{
    public static readonly string ConnectionString = Environment.GetEnvironmentVariable("SAGAHUB_TEST_PG")
        ?? "Host=127.0.0.1;Port=5432;Database=sagahub;Username=sagahub;Password=sagahub";

    private readonly string schema = $"store_{Guid.NewGuid():N}"[..24];

    protected override Task<ISagaStore> CreateStoreAsync()
    {
        var options = new SagaStoreOptions { Schema = schema }.UsePostgreSql(ConnectionString);
        return Task.FromResult<ISagaStore>(new EfSagaStore(options));
    }

    protected override bool SessionsSerializeOnTheSaga => true;

    protected override async Task DisposeStoreAsync()
    {
        await base.DisposeStoreAsync(); // deletes the queued dispatched rows first
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
