using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// The database one service instance uses, fixed once per DI container (a singleton): the provider, the connection
/// string and where the tables live.
/// </summary>
/// <remarks>
/// It configures the service's <typeparamref name="TDbContext"/>. The SQLite default is a temp file, deleted when the
/// container is disposed.
/// </remarks>
/// <typeparam name="TDbContext">The service's context.</typeparam>
public sealed class ServiceDatabase<TDbContext> : IDisposable
    where TDbContext : DbContext
{
    /// <summary>How long a command (and a wait for SQLite's write lock) may take, in seconds, in the default SQLite connection.</summary>
    public const int DefaultTimeoutSeconds = 30;

    private readonly SqliteConnectionSetup? sqliteSetup;

    /// <summary>Fixes the database of one service instance.</summary>
    /// <param name="options">The settings.</param>
    /// <param name="schema">The service's schema (PostgreSQL) or table prefix (SQLite).</param>
    /// <exception cref="SagaConfigurationException">The settings cannot work.</exception>
    public ServiceDatabase(ServiceDatabaseOptions options, string schema)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(schema);
        if (options.Problem(schema) is { } problem)
        {
            throw new SagaConfigurationException(problem);
        }

        Provider = options.Provider;
        Tables = new SagaHubTables(Provider, schema);
        if (Provider == SagaStoreProvider.Sqlite && string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            TemporaryFile = Path.Combine(Path.GetTempPath(), $"sagahub-{schema}-{Guid.NewGuid():N}.db");
            ConnectionString = new SqliteConnectionStringBuilder
            {
                DataSource = TemporaryFile,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = true,
                DefaultTimeout = DefaultTimeoutSeconds,
            }.ToString();
        }
        else
        {
            ConnectionString = options.ConnectionString!;
        }

        if (Provider == SagaStoreProvider.Sqlite)
        {
            sqliteSetup = new SqliteConnectionSetup();
        }
    }

    /// <summary>The database kind.</summary>
    public SagaStoreProvider Provider { get; }

    /// <summary>Where the service's tables live.</summary>
    public SagaHubTables Tables { get; }

    /// <summary>The connection string. Never log it: use <see cref="ToString"/>.</summary>
    public string ConnectionString { get; }

    /// <summary>The temp file of the default SQLite database, or null when a connection string was given.</summary>
    public string? TemporaryFile { get; }

    /// <summary>Points a context at this database.</summary>
    /// <remarks>
    /// PostgreSQL connections get <c>Maximum Pool Size=10</c> and <c>No Reset On Close=true</c>, each unless
    /// <see cref="ConnectionString"/> sets it.
    /// </remarks>
    /// <param name="builder">The context's options builder.</param>
    public void Configure(DbContextOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (Provider == SagaStoreProvider.PostgreSql)
        {
            builder.UseNpgsql(PostgreSqlConnections.ConnectionString(ConnectionString, PostgreSqlConnections.DefaultServiceMaxPoolSize));
        }
        else
        {
            builder.UseSqlite(ConnectionString);
            builder.AddInterceptors(sqliteSetup!);
        }
    }

    /// <summary>Names the database without secrets: provider, host and database (or file), schema.</summary>
    /// <returns>For example <c>PostgreSql 127.0.0.1/sagahub schema inventory</c>.</returns>
    public override string ToString()
    {
        if (Provider == SagaStoreProvider.PostgreSql)
        {
            try
            {
                var pg = new NpgsqlConnectionStringBuilder(ConnectionString);
                return $"PostgreSql {pg.Host}/{pg.Database} schema {Tables.Schema}";
            }
            catch (ArgumentException)
            {
                return $"PostgreSql (unparsable connection string) schema {Tables.Schema}";
            }
        }

        try
        {
            return $"Sqlite {new SqliteConnectionStringBuilder(ConnectionString).DataSource} prefix {Tables.Schema}";
        }
        catch (ArgumentException)
        {
            return $"Sqlite (unparsable connection string) prefix {Tables.Schema}";
        }
    }

    /// <summary>Deletes the temp file of the default SQLite database (with its WAL and shared-memory files).</summary>
    public void Dispose()
    {
        if (TemporaryFile is null)
        {
            return;
        }

        using (var connection = new SqliteConnection(ConnectionString))
        {
            SqliteConnection.ClearPool(connection);
        }

        foreach (var file in new[] { TemporaryFile, TemporaryFile + "-wal", TemporaryFile + "-shm", TemporaryFile + "-journal" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // a temp file someone still holds open: the OS temp cleanup gets it
            }
            catch (UnauthorizedAccessException)
            {
                // likewise
            }
        }
    }
}
