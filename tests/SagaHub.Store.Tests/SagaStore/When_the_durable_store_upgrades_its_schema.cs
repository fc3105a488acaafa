using Microsoft.EntityFrameworkCore;
using Npgsql;
using SagaHub.EntityFrameworkCore;
using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.SagaStore;

/// <summary>
/// A database the previous build made (schema version 2, its rows written with version 2's columns) migrated to
/// version 3: the rows stay, and read as not parked, with no expectation and no search values.
/// </summary>
public sealed class When_the_durable_store_upgrades_its_schema : IAsyncLifetime
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"sagahub-upgrade-{Guid.NewGuid():N}.db");
    private readonly string schema = $"upgrade_{Guid.NewGuid():N}"[..24];
    private readonly Guid running = Guid.NewGuid();
    private readonly Guid finished = Guid.NewGuid();
    private readonly Guid deadlineId = Guid.NewGuid();
    private bool onPostgreSql;

    [Fact]
    public Task Should_keep_the_rows_of_a_version_2_sqlite_database_when_migrating_to_3() =>
        AssertUpgradeKeepsRowsAsync(new SagaStoreOptions().UseSqlite($"Data Source={file};Pooling=False"));

    [Fact]
    [Trait("Category", "Integration")]
    public Task Should_keep_the_rows_of_a_version_2_postgresql_database_when_migrating_to_3()
    {
        onPostgreSql = true;
        return AssertUpgradeKeepsRowsAsync(new SagaStoreOptions { Schema = schema }.UsePostgreSql(PostgreSqlStore.ConnectionString));
    }

    private async Task AssertUpgradeKeepsRowsAsync(SagaStoreOptions options)
    {
        var tables = new SagaHubTables(options.Provider, options.Schema);
        await using (var context = SagaStoreContextFactory.Create(options, tables))
        {
            Assert.Equal([1, 2], await SchemaMigrator.MigrateAsync(context, tables, SagaStoreSchema.Component, [.. SagaStoreSchema.Scripts(tables).Take(2)]));
            await InsertVersion2RowsAsync(context, tables);
        }

        Assert.Equal([3, 4], await SagaStoreSchema.MigrateAsync(options));

        await using var store = new EfSagaStore(options);
        var row = await store.LoadAsync(OrderSaga, running);
        Assert.NotNull(row);
        Assert.Equal(("Reserving", false, 4L, 2L, 3), (row.State, row.IsFinal, row.Version, row.LastSequence, row.DefinitionVersion));
        Assert.Equal(new SagaDeadline(deadlineId, T(100), SagaDeadlineKind.Timeout), row.Deadline);
        AssertSameJson("""{"orderId":"o-1","amount":80}""", row.Data);
        Assert.Equal((T(10), T(20)), (row.CreatedAt, row.UpdatedAt));
        Assert.False(row.IsParked);
        Assert.Null(row.ExpectedBy);
        Assert.Empty(row.SearchValues);
        Assert.Equal(["Reserving"], (await store.GetHistoryAsync(OrderSaga, running)).Select(h => h.To));

        Assert.Equal([finished, running], (await store.QueryAsync(new SagaQuery { Parked = false, Order = SagaQueryOrder.NewestStarted })).Select(s => s.SagaId));
        Assert.Empty(await store.QueryAsync(new SagaQuery { Parked = true }));
        Assert.Equal([running], (await store.QueryAsync(new SagaQuery { StuckAt = T(100) })).Select(s => s.SagaId));
        Assert.Empty(await store.QueryAsync(new SagaQuery { Search = new Dictionary<string, string> { ["customerId"] = "alice" } }));
        Assert.Equal(
            [new SagaStateCount(OrderSaga, "Completed", true, false, 1, 0, null), new SagaStateCount(OrderSaga, "Reserving", false, false, 1, 1, T(100))],
            await store.CountAsync(T(100)));

        // The unit of work reads the old row and writes the new columns over it.
        var session = await store.BeginAsync(OrderSaga, running, OrderSaga, Guid.NewGuid());
        await using (session)
        {
            Assert.NotNull(session.Snapshot);
            Assert.False(session.Snapshot.IsParked);
            var next = session.Snapshot with { State = "Failed", LastSequence = 3, UpdatedAt = T(30), IsParked = true, SearchValues = new Dictionary<string, string> { ["customerId"] = "alice" } };
            await session.CommitAsync(new SagaCommit(OrderSaga, session.MessageId, next, session.Snapshot.Version, [Entry(3, "Reserving", "Failed", T(30))], []));
        }

        Assert.Equal([running], (await store.QueryAsync(new SagaQuery { Parked = true, Search = new Dictionary<string, string> { ["customerId"] = "alice" } })).Select(s => s.SagaId));
    }

    /// <summary>Rows as version 2's build wrote them: only the columns of scripts 1 and 2, in each provider's types.</summary>
    private async Task InsertVersion2RowsAsync(SagaStoreDbContext context, SagaHubTables tables)
    {
        var pg = tables.Provider == SagaStoreProvider.PostgreSql;
        object Id(Guid id) => pg ? id : id.ToString("D").ToUpperInvariant();
        object Time(DateTimeOffset at) => pg ? at : at.UtcTicks;
        object Flag(bool value) => pg ? value : value ? 1 : 0;
        var json = pg ? "::jsonb" : string.Empty;
        var insert = $$"""
            INSERT INTO {{tables.Sql("sagas")}} (saga_type, saga_id, state, is_final, data, version, last_sequence, definition_version,
                deadline_id, deadline_due_at, deadline_kind, compensations, runtime, created_at, updated_at)
            VALUES ({0}, {1}, {2}, {3}, {4}{{json}}, {5}, {6}, {7}, {8}, {9}, {10}, '[]'{{json}}, NULL, {11}, {12})
            """;
        await context.Database.ExecuteSqlRawAsync(insert, OrderSaga, Id(running), "Reserving", Flag(false), """{"orderId":"o-1","amount":80}""", 4L, 2L, 3, Id(deadlineId), Time(T(100)), "Timeout", Time(T(10)), Time(T(20)));
        await context.Database.ExecuteSqlRawAsync(insert, OrderSaga, Id(finished), "Completed", Flag(true), "{}", 2L, 1L, 1, Id(Guid.NewGuid()), Time(T(50)), "Timeout", Time(T(15)), Time(T(16)));
        var history = $$"""
            INSERT INTO {{tables.Sql("saga_history")}} (saga_type, saga_id, sequence, from_state, to_state, trigger, message_id, at, kind, detail)
            VALUES ({0}, {1}, 1, 'Initial', 'Reserving', 'SubmitOrder', NULL, {2}, 'Transition', NULL)
            """;
        await context.Database.ExecuteSqlRawAsync(history, OrderSaga, Id(running), Time(T(10)));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
        {
            File.Delete(path);
        }

        if (onPostgreSql)
        {
            await using var connection = new NpgsqlConnection(PostgreSqlStore.ConnectionString);
            await connection.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
            await drop.ExecuteNonQueryAsync();
        }
    }
}
