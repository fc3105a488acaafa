using Microsoft.Data.Sqlite;
using SagaHub.EntityFrameworkCore;
using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.SagaStore;

/// <summary>What the EF Core store does beyond the shared contract: schema versions, retention, safe descriptions.</summary>
public sealed class When_the_durable_store_manages_its_schema : IDisposable
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"sagahub-schema-{Guid.NewGuid():N}.db");

    private SagaStoreOptions Options(bool migrate = true) => new SagaStoreOptions { MigrateOnStart = migrate }.UseSqlite($"Data Source={file};Pooling=False");

    [Fact]
    public async Task Should_apply_each_script_once_when_migrating_twice()
    {
        Assert.Equal([1, 2, 3, 4], await SagaStoreSchema.MigrateAsync(Options()));
        Assert.Empty(await SagaStoreSchema.MigrateAsync(Options()));
        Assert.Equal(4L, Scalar("SELECT count(*) FROM sagahub_schema_versions WHERE component = 'sagahub-store'"));
    }

    [Fact]
    public async Task Should_need_the_explicit_command_when_migrate_on_start_is_off()
    {
        var store = new EfSagaStore(Options(migrate: false));
        await Assert.ThrowsAsync<SqliteException>(async () => await store.LoadAsync(OrderSaga, Guid.NewGuid()));

        await SagaStoreSchema.MigrateAsync(Options());
        Assert.Null(await store.LoadAsync(OrderSaga, Guid.NewGuid()));
    }

    [Fact]
    public async Task Should_refuse_a_database_newer_than_the_build_naming_its_version()
    {
        await SagaStoreSchema.MigrateAsync(Options());
        Scalar("INSERT INTO sagahub_schema_versions (component, version, description, applied_at) VALUES ('sagahub-store', 99, 'future', 'x')");

        var error = await Assert.ThrowsAsync<SagaConfigurationException>(() => SagaStoreSchema.MigrateAsync(Options()));
        Assert.Contains("schema version 99", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_delete_inbox_rows_past_their_retention_and_keep_newer_ones()
    {
        var time = new FixedTime(T(0));
        var store = new EfSagaStore(Options(), time);
        var old = Guid.NewGuid();
        await store.CommitAsync(new SagaCommit(OrderSaga, old, null, 0, [], []));
        time.Now = T(3600);
        var fresh = Guid.NewGuid();
        await store.CommitAsync(new SagaCommit(OrderSaga, fresh, null, 0, [], []));

        Assert.Equal(1, await store.DeleteInboxBeforeAsync(T(1800)));
        Assert.False(await store.WasProcessedAsync(OrderSaga, old));
        Assert.True(await store.WasProcessedAsync(OrderSaga, fresh));
    }

    [Fact]
    public void Should_never_show_the_password_when_describing_a_store()
    {
        var options = new SagaStoreOptions { Schema = "orders" }.UsePostgreSql("Host=db.internal;Database=shop;Username=app;Password=s3cr3t-Pa55");

        var text = SagaStoreSchema.Describe(options);

        Assert.Equal("PostgreSql db.internal/shop schema orders", text);
        Assert.DoesNotContain("s3cr3t", new EfSagaStore(options).ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "ConnectionString is empty")]
    [InlineData("Data Source=x.db", null)]
    public void Should_name_every_invalid_setting(string connectionString, string? expected)
    {
        var options = new SagaStoreOptions { Schema = "Bad-Schema" }.UseSqlite(connectionString);

        var error = Assert.Throws<SagaConfigurationException>(options.Validate);

        Assert.Contains("SagaHub:Store:Schema 'Bad-Schema'", error.Message, StringComparison.Ordinal);
        if (expected is not null)
        {
            Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        }
    }

    public void Dispose()
    {
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
        {
            File.Delete(path);
        }
    }

    private long Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar() ?? 0L, System.Globalization.CultureInfo.InvariantCulture);
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
