using Microsoft.EntityFrameworkCore;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// The base of a service's own context: its tables in one schema (PostgreSQL) or with the schema as a prefix (SQLite),
/// SagaHub's conventions, and the <c>inbox</c> and <c>outbox</c> tables of <see cref="TransactionalInbox{TDbContext}"/>.
/// </summary>
/// <remarks>A service maps only its own tables, in <see cref="MapTables"/>.</remarks>
/// <param name="options">The context options (provider and connection).</param>
/// <param name="schema">The schema or table prefix, e.g. <c>inventory</c>.</param>
public abstract class ServiceDbContext(DbContextOptions options, string schema) : DbContext(options)
{
    private SagaHubTables? tables;

    /// <summary>Where the tables live for this context's provider.</summary>
    public SagaHubTables Tables => tables ??= new SagaHubTables(Database.IsNpgsql() ? SagaStoreProvider.PostgreSql : SagaStoreProvider.Sqlite, schema);

    /// <inheritdoc />
    protected sealed override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder) => Tables.ConfigureConventions(configurationBuilder);

    /// <inheritdoc />
    protected sealed override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        Tables.MapInboxAndOutbox(modelBuilder);
        MapTables(modelBuilder, Tables);
    }

    /// <summary>Maps the service's own tables.</summary>
    /// <param name="modelBuilder">The model builder.</param>
    /// <param name="t">Where the tables live (table names and EF schema).</param>
    protected abstract void MapTables(ModelBuilder modelBuilder, SagaHubTables t);
}
