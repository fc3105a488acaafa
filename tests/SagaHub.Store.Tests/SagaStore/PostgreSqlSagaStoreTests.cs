using Npgsql;
using SagaHub.EntityFrameworkCore;
using SagaHub.Store.Tests.Contract;

namespace SagaHub.Store.Tests.SagaStore;

/// <summary>The EF Core store on PostgreSQL: a fresh schema per test, dropped afterwards.</summary>
public sealed class PostgreSqlStore : IStoreUnderTest
{
    public static readonly string ConnectionString = Environment.GetEnvironmentVariable("SAGAHUB_TEST_PG")
        ?? "Host=127.0.0.1;Port=5432;Database=sagahub;Username=sagahub;Password=sagahub";

    private readonly string schema = $"store_{Guid.NewGuid():N}"[..24];

    public bool SessionsSerializeOnTheSaga => true;

    public Task<ISagaStore> CreateAsync()
    {
        var options = new SagaStoreOptions { Schema = schema }.UsePostgreSql(ConnectionString);
        return Task.FromResult<ISagaStore>(new EfSagaStore(options));
    }

    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

[Trait("Category", "Integration")]
public sealed class PostgreSqlUnitOfWorkStoreTests : SagaUnitOfWorkStoreContract<PostgreSqlStore>;

[Trait("Category", "Integration")]
public sealed class PostgreSqlDeadlineStoreTests : SagaDeadlineStoreContract<PostgreSqlStore>;

[Trait("Category", "Integration")]
public sealed class PostgreSqlOutboxStoreTests : SagaOutboxStoreContract<PostgreSqlStore>;

[Trait("Category", "Integration")]
public sealed class PostgreSqlHumanTaskStoreTests : HumanTaskStoreContract<PostgreSqlStore>;

[Trait("Category", "Integration")]
public sealed class PostgreSqlQueryStoreTests : SagaQueryStoreContract<PostgreSqlStore>;
