using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Builds the store's context options once per store, and a context per operation.</summary>
internal static class SagaStoreContextFactory
{
    public static DbContextOptions<SagaStoreDbContext> BuildOptions(SagaStoreOptions options)
    {
        var builder = new DbContextOptionsBuilder<SagaStoreDbContext>();
        if (options.Provider == SagaStoreProvider.PostgreSql)
        {
            builder.UseNpgsql(PostgreSqlConnectionString(options.ConnectionString));
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

    /// <summary>
    /// The store's PostgreSQL connections skip Npgsql's <c>DISCARD ALL</c> on their return to the pool
    /// (<c>No Reset On Close</c>) unless the connection string says otherwise: the store leaves no session
    /// state behind (no <c>SET</c>, temporary tables, <c>LISTEN</c> or session advisory locks), and the reset
    /// would be a transaction of its own on every checkout — one more commit per handled message in
    /// <c>pg_stat_database</c>.
    /// </summary>
    internal static string PostgreSqlConnectionString(string connectionString)
    {
        try
        {
            var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
            if (given.Keys.Cast<string>().Any(k => k.Replace(" ", string.Empty, StringComparison.Ordinal).Equals("NoResetOnClose", StringComparison.OrdinalIgnoreCase)))
            {
                return connectionString;
            }

            return new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
        }
        catch (ArgumentException)
        {
            return connectionString; // Npgsql reports it with its own message when the store connects
        }
    }

    public static SagaStoreDbContext Create(SagaStoreOptions options, SagaHubTables tables) => new(BuildOptions(options), tables);
}
