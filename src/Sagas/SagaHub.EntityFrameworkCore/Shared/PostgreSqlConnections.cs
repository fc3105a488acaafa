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
    /// The connection string a store or service database uses on PostgreSQL: <c>No Reset On Close=true</c> and
    /// <c>Maximum Pool Size=</c><paramref name="defaultMaxPoolSize"/> are added unless the connection string names them.
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
