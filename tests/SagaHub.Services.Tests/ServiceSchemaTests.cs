using System.Data.Common;
using MassTransit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.EntityFrameworkCore;
using SagaHub.Inventory;
using SagaHub.Notifications;
using SagaHub.Payments;
using SagaHub.Services.Tests.Infrastructure;
using SagaHub.Shipping;

namespace SagaHub.Services.Tests;

/// <summary>
/// The four services in one database: each keeps its tables, inbox and outbox apart (a schema each on
/// PostgreSQL, a table prefix each on SQLite), and migrating again changes nothing.
/// </summary>
public abstract class ServiceSchemaContract : IAsyncLifetime
{
    private StoreHost _host = null!;

    protected abstract ServiceDatabaseOptions Database { get; }

    public Task InitializeAsync()
    {
        var database = Database;
        _host = StoreHost.Start(bus => bus
            .AddInventoryService(o => o.Database = database)
            .AddPaymentsService(o => o.Database = database)
            .AddShippingService(o => o.Database = database)
            .AddNotificationsService(o => o.Database = database));
        return Task.CompletedTask;
    }

    public virtual async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Migrate_FourServicesInOneDatabase_KeepsTheirTablesApart()
    {
        await MigrateAllAsync();

        var tables = await TablesAsync();

        foreach (var (schema, own) in new[]
        {
            ("inventory", new[] { "stock", "reservations", "restocks" }),
            ("payments", ["ledger", "voided_orders"]),
            ("shipping", ["shipments"]),
            ("notifications", ["notifications"]),
        })
        {
            foreach (var table in own.Concat(["inbox", "outbox", "schema_versions"]))
            {
                Assert.Contains(Qualified(schema, table), tables);
            }
        }
    }

    [Fact]
    public async Task Migrate_Again_AppliesNothing()
    {
        await MigrateAllAsync();

        Assert.Empty(await MigrateAsync<InventoryDbContext>(InventorySchema.Component, InventorySchema.Scripts));
        Assert.Empty(await MigrateAsync<PaymentsDbContext>(PaymentsSchema.Component, PaymentsSchema.Scripts));
        Assert.Empty(await MigrateAsync<ShippingDbContext>(ShippingSchema.Component, ShippingSchema.Scripts));
        Assert.Empty(await MigrateAsync<NotificationsDbContext>(NotificationsSchema.Component, NotificationsSchema.Scripts));
    }

    [Fact]
    public async Task Migrate_ManyHostsAtOnce_AppliesEachVersionOnce()
    {
        var database = Database;
        var hosts = Enumerable.Range(0, 4).Select(_ => StoreHost.Start(bus => bus.AddInventoryService(o => o.Database = database))).ToList();
        try
        {
            await Task.WhenAll(hosts.Select(h => Task.Run(() => h.Get<InventoryStore>().OnHandAsync("SKU-RED"))));

            Assert.Equal(1000, await hosts[0].Get<InventoryStore>().OnHandAsync("SKU-RED"));
            await using var scope = _host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            Assert.Equal((long)InventorySchema.Scripts(db.Tables).Count, await ScalarAsync(db, $"SELECT COUNT(*) FROM {db.Tables.Sql("schema_versions")} WHERE component = 'inventory'"));
        }
        finally
        {
            foreach (var host in hosts)
            {
                await host.DisposeAsync();
            }
        }
    }

    protected abstract string Qualified(string schema, string table);

    protected abstract string TablesQuery { get; }

    private async Task MigrateAllAsync()
    {
        await _host.Get<InventoryStore>().OnHandAsync("SKU-RED");
        await _host.Get<PaymentLedger>().NetForAsync(Guid.NewGuid());
        await _host.Get<ShipmentLog>().FindAsync(Guid.NewGuid());
        await _host.Get<NotificationLog>().ForAsync(Guid.NewGuid());
    }

    private async Task<IReadOnlyList<int>> MigrateAsync<TDbContext>(string component, Func<SagaHubTables, IReadOnlyList<SchemaScript>> scripts)
        where TDbContext : DbContext
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var tables = scope.ServiceProvider.GetRequiredService<ServiceDatabase<TDbContext>>().Tables;
        return await SchemaMigrator.MigrateAsync(db, tables, component, scripts(tables));
    }

    private async Task<HashSet<string>> TablesAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var connection = scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Database.GetDbConnection();
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = TablesQuery;
        var names = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    private static async Task<long> ScalarAsync(DbContext db, string sql)
    {
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using DbCommand command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}

public sealed class ServiceSchemaTests : ServiceSchemaContract
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"sagahub-test-{Guid.NewGuid():N}.db");

    protected override ServiceDatabaseOptions Database => new() { Provider = SagaStoreProvider.Sqlite, ConnectionString = $"Data Source={_file}" };

    protected override string TablesQuery => "SELECT name FROM sqlite_master WHERE type = 'table'";

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        foreach (var file in new[] { _file, _file + "-wal", _file + "-shm" })
        {
            File.Delete(file);
        }
    }

    protected override string Qualified(string schema, string table) => $"{schema}_{table}";
}

[Trait("Category", "Integration")]
public sealed class ServiceSchemaPostgreSqlTests(PostgresDatabase postgres) : ServiceSchemaContract, IClassFixture<PostgresDatabase>
{
    protected override ServiceDatabaseOptions Database => postgres.Options;

    protected override string TablesQuery => "SELECT table_schema || '.' || table_name FROM information_schema.tables WHERE table_schema IN ('inventory', 'payments', 'shipping', 'notifications')";

    protected override string Qualified(string schema, string table) => $"{schema}.{table}";
}
