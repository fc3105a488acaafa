using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SagaHub.EntityFrameworkCore;
using SagaHub.ServiceDefaults.Tests.Infrastructure;

namespace SagaHub.ServiceDefaults.Tests;

public sealed class ServiceDataTests
{
    [Fact]
    public void AddServiceData_InvalidSettings_FailsWithTheServiceRulesFirstThenTheSharedOnes()
    {
        var services = new ServiceCollection();
        services.AddServiceData(Widgets(rules: [(o => o.Limit >= 0, "Widgets:Limit must be 0 or more.")]), o =>
        {
            o.Limit = -1;
            o.Retry = null!;
            o.Database.Provider = SagaStoreProvider.PostgreSql;
        });
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<WidgetOptions>>().Value);

        Assert.Equal(
            ["Widgets:Limit must be 0 or more.", "Widgets:Retry must be set.", "Widgets:Database needs a Provider (PostgreSql or Sqlite), and a ConnectionString for PostgreSql."],
            error.Failures);
    }

    [Fact]
    public async Task AddServiceData_NoDatabaseConfigured_MigratesATempSqliteDatabaseOnceAndRunsAfterMigrate()
    {
        var afterMigrate = 0;
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddServiceData(Widgets(afterMigrate: async (db, _, ct) =>
        {
            afterMigrate++;
            db.Widgets.Add(new Widget { Name = "seeded" });
            await db.SaveChangesAsync(ct);
        }));
        string file;
        await using (var provider = services.BuildServiceProvider())
        {
            var database = provider.GetRequiredService<ServiceDatabase<WidgetDbContext>>();
            file = database.TemporaryFile!;
            Assert.Equal((SagaStoreProvider.Sqlite, "widgets"), (database.Provider, database.Tables.Schema));
            Assert.StartsWith(Path.Combine(Path.GetTempPath(), "sagahub-widgets-"), file, StringComparison.Ordinal);

            var scopes = provider.GetRequiredService<IServiceScopeFactory>();
            var names = await scopes.ReadAsync<WidgetDbContext, List<string>>(db => db.Widgets.Select(w => w.Name).ToListAsync());
            var again = await scopes.ReadAsync<WidgetDbContext, List<string>>(db => db.Widgets.Select(w => w.Name).ToListAsync());
            var versions = await scopes.ReadAsync<WidgetDbContext, List<int>>(db =>
                db.Database.SqlQuery<int>($"SELECT version AS \"Value\" FROM \"widgets_schema_versions\" WHERE component = 'widgets' ORDER BY version").ToListAsync());

            Assert.Equal(["seeded"], names);
            Assert.Equal(["seeded"], again);
            Assert.Equal(1, afterMigrate);
            Assert.Equal([1, 2], versions);
        }

        Assert.False(File.Exists(file));
    }

    [Fact]
    public void AddServiceConsumer_PutsTheConsumerOnTheServiceQueue()
    {
        var services = new ServiceCollection();
        services.AddMassTransit(x => x.AddServiceConsumer<WidgetConsumer, WidgetOptions>());
        using var provider = services.BuildServiceProvider();

        var definition = provider.GetRequiredService<IConsumerDefinition<WidgetConsumer>>();

        Assert.IsType<ServiceConsumerDefinition<WidgetConsumer, WidgetOptions>>(definition);
        Assert.Equal("widgets", definition.GetEndpointName(DefaultEndpointNameFormatter.Instance));
    }

    private static ServiceData<WidgetOptions, WidgetDbContext> Widgets(
        IReadOnlyList<(Func<WidgetOptions, bool> Check, string Failure)>? rules = null,
        Func<WidgetDbContext, IServiceProvider, CancellationToken, Task>? afterMigrate = null) =>
        new("Widgets", WidgetDbContext.Schema, tables =>
        {
            var s = new ServiceSchema(tables);
            return
            [
                s.WithInboxAndOutbox(1, "widgets", $"CREATE TABLE IF NOT EXISTS {s.Sql("widgets")} (id {s.Identity}, name text NOT NULL);"),
                s.OutboxSweepColumns(2),
            ];
        })
        {
            Rules = rules ?? [],
            AfterMigrate = afterMigrate,
        };

    public sealed class WidgetOptions : ServiceOptions
    {
        public override string QueueName => "widgets";

        public int Limit { get; set; }
    }

    public sealed class Widget
    {
        public long Id { get; set; }

        public required string Name { get; set; }
    }

    public sealed class WidgetDbContext(DbContextOptions<WidgetDbContext> options) : ServiceDbContext(options, Schema)
    {
        public const string Schema = "widgets";

        public DbSet<Widget> Widgets => Set<Widget>();

        protected override void MapTables(ModelBuilder modelBuilder, SagaHubTables t) => modelBuilder.Entity<Widget>(e =>
        {
            e.ToTable(t.Table("widgets"), t.EfSchema);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Name).HasColumnName("name");
        });
    }

    public sealed class WidgetConsumer : IConsumer<Ping>
    {
        public Task Consume(ConsumeContext<Ping> context) => Task.CompletedTask;
    }
}
