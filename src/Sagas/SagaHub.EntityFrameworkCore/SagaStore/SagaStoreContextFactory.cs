using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Builds the store's context options once per store, and a context per operation.</summary>
internal static class SagaStoreContextFactory
{
    public static DbContextOptions<SagaStoreDbContext> BuildOptions(SagaStoreOptions options)
    {
        var builder = new DbContextOptionsBuilder<SagaStoreDbContext>();
        if (options.Provider == SagaStoreProvider.PostgreSql)
        {
            builder.UseNpgsql(PostgreSqlConnections.ConnectionString(options.ConnectionString, PostgreSqlConnections.DefaultStoreMaxPoolSize));
        }
        else
        {
            builder.UseSqlite(options.ConnectionString);
            builder.AddInterceptors(new SqliteConnectionSetup()); // WAL + busy timeout, as for the services
        }

        builder.ReplaceService<IModelCacheKeyFactory, SagaStoreModelCacheKeyFactory>();
        builder.UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);
        builder.EnableThreadSafetyChecks(false);
        return builder.Options;
    }

    public static SagaStoreDbContext Create(SagaStoreOptions options, SagaHubTables tables) => new(BuildOptions(options), tables);
}
