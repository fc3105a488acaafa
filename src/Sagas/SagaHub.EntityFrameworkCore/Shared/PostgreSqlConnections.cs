using System.Data.Common;
using Npgsql;

namespace SagaHub.EntityFrameworkCore;

/// <summary>The PostgreSQL connection strings SagaHub builds, for the saga store and every service database: a bounded pool and no reset per checkout.</summary>
internal static class PostgreSqlConnections
{
    /// <summary>The saga store's largest connection pool unless its connection string sets one (Npgsql's own default is 100).</summary>
    public const int DefaultStoreMaxPoolSize = 16;

    /// <summary>A service database's largest connection pool unless its connection string sets one.</summary>
    public const int DefaultServiceMaxPoolSize = 10;

    /// <summary>
    /// The connection string a store or service database really uses on PostgreSQL, with two defaults a connection
    /// string can override by naming them:
    /// <list type="bullet">
    /// <item><c>No Reset On Close=true</c>: the store leaves no session state behind (no <c>SET</c>, temporary tables,
    /// <c>LISTEN</c> or session advisory locks), and Npgsql's <c>DISCARD ALL</c> on every checkout would be a
    /// transaction of its own — one more commit per handled message in <c>pg_stat_database</c>;</item>
    /// <item><c>Maximum Pool Size=</c><paramref name="defaultMaxPoolSize"/>: a bounded share of PostgreSQL's
    /// <c>max_connections</c> per process (docs/architecture.md, "Connection budget"), instead of Npgsql's 100, which
    /// lets a burst on one process take every connection the server has. A message that finds the pool empty waits for
    /// a connection (up to the connection string's <c>Timeout</c>), and the retry waits out a longer shortage.</item>
    /// </list>
    /// </summary>
    public static string ConnectionString(string connectionString, int defaultMaxPoolSize)
    {
        try
        {
            var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
            var keys = given.Keys.Cast<string>().Select(k => k.Replace(" ", string.Empty, StringComparison.Ordinal)).ToList();
            bool Names(params string[] synonyms) => keys.Any(k => synonyms.Any(s => k.Equals(s, StringComparison.OrdinalIgnoreCase)));
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!Names("NoResetOnClose"))
            {
                builder.NoResetOnClose = true;
            }

            if (!Names("MaximumPoolSize", "MaxPoolSize"))
            {
                builder.MaxPoolSize = defaultMaxPoolSize;
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return connectionString; // Npgsql reports it with its own message when the store connects
        }
    }
}
