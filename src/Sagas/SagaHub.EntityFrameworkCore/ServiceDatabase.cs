using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// Where a service keeps its data (bound from e.g. <c>Inventory:Database</c>). Every service has its
/// own schema (PostgreSQL) or table prefix (SQLite) holding its tables, its inbox and its outbox.
/// </summary>
public sealed class ServiceDatabaseOptions
{
    /// <summary>The database kind.</summary>
    /// <value>Defaults to <see cref="SagaStoreProvider.Sqlite"/> (the embedded case).</value>
    public SagaStoreProvider Provider { get; set; } = SagaStoreProvider.Sqlite;

    /// <summary>
    /// The connection string; never logged. Required for PostgreSQL. Left empty with SQLite, every
    /// service instance (every DI container) gets its own database file in the temp directory,
    /// <c>sagahub-{schema}-{guid}.db</c>, deleted when the container is disposed: nothing is shared
    /// between hosts or tests by accident, and nothing is left behind.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The problem with these settings, or null when they can work.</summary>
    /// <param name="section">The configuration section, for the message (e.g. <c>Inventory:Database</c>).</param>
    /// <returns>An error message or null.</returns>
    public string? Problem(string section) =>
        Provider switch
        {
            SagaStoreProvider.PostgreSql when string.IsNullOrWhiteSpace(ConnectionString) => $"{section}:ConnectionString is required with Provider PostgreSql.",
            SagaStoreProvider.PostgreSql or SagaStoreProvider.Sqlite => null,
            _ => $"{section}:Provider '{Provider}' is not PostgreSql or Sqlite.",
        };
}

/// <summary>
/// The database one service instance uses, fixed once per DI container (a singleton): the provider,
/// the connection string (a temp file for the SQLite default) and where the tables live. Configures
/// the service's <typeparamref name="TDbContext"/>; deletes the temp file when the container is disposed.
/// </summary>
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

    /// <summary>
    /// Points a context at this database. PostgreSQL connections come from a pool of at most 10 (<c>Maximum Pool
    /// Size=10</c>, a bounded share of the server's connections) and skip Npgsql's <c>DISCARD ALL</c> on their return
    /// to the pool (<c>No Reset On Close=true</c>), each unless <see cref="ConnectionString"/> sets it: the services leave
    /// no session state behind (no <c>SET</c>, temporary tables, <c>LISTEN</c> or session advisory locks; their locks
    /// are <c>pg_advisory_xact_lock</c>), and the reset would be a transaction of its own on every checkout.
    /// </summary>
    /// <param name="builder">The context's options builder.</param>
    public void Configure(DbContextOptionsBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (Provider == SagaStoreProvider.PostgreSql)
        {
            builder.UseNpgsql(SagaStoreContextFactory.PostgreSqlConnectionString(ConnectionString, SagaStoreContextFactory.DefaultServiceMaxPoolSize));
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

/// <summary>Helpers for code that changes a service's data outside a consumer (queries, seeding, admin calls).</summary>
public static class ServiceDatabaseAccess
{
    /// <summary>
    /// Runs <paramref name="work"/> on a fresh <typeparamref name="TDbContext"/> once its schema is
    /// migrated, in one transaction that commits after a <c>SaveChanges</c> (so <paramref name="work"/>
    /// adds, changes and updates, and may call <see cref="ServiceLocks.LockAsync"/>).
    /// </summary>
    /// <typeparam name="TDbContext">The service's context.</typeparam>
    /// <typeparam name="T">What the work returns.</typeparam>
    /// <param name="scopes">Creates the scope the context lives in.</param>
    /// <param name="work">The work.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What the work returned.</returns>
    public static async Task<T> WriteAsync<TDbContext, T>(this IServiceScopeFactory scopes, Func<TDbContext, Task<T>> work, CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(work);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = await OpenAsync<TDbContext>(scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
            var transaction = await db.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                var result = await work(db).ConfigureAwait(false);
                await db.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
                return result;
            }
        }
    }

    /// <summary>Runs a query on a fresh <typeparamref name="TDbContext"/> once its schema is migrated.</summary>
    /// <typeparam name="TDbContext">The service's context.</typeparam>
    /// <typeparam name="T">What the query returns.</typeparam>
    /// <param name="scopes">Creates the scope the context lives in.</param>
    /// <param name="query">The query.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>What the query returned.</returns>
    public static async Task<T> ReadAsync<TDbContext, T>(this IServiceScopeFactory scopes, Func<TDbContext, Task<T>> query, CancellationToken cancellationToken = default)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(scopes);
        ArgumentNullException.ThrowIfNull(query);
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            var db = await OpenAsync<TDbContext>(scope.ServiceProvider, cancellationToken).ConfigureAwait(false);
            return await query(db).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a failed save broke a primary key or unique constraint (PostgreSQL or SQLite).</summary>
    /// <param name="exception">The exception <c>SaveChanges</c> threw.</param>
    /// <returns>True for a unique violation.</returns>
    public static bool IsUniqueViolation(DbUpdateException exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return EfSagaStore.IsUniqueViolation(exception);
    }

    private static async Task<TDbContext> OpenAsync<TDbContext>(IServiceProvider services, CancellationToken cancellationToken)
        where TDbContext : DbContext
    {
        foreach (var gate in services.GetServices<SchemaGate<TDbContext>>())
        {
            await gate.EnsureAsync(cancellationToken).ConfigureAwait(false);
        }

        return services.GetRequiredService<TDbContext>();
    }
}

/// <summary>Named locks that serialize transactions of a service's database.</summary>
public static class ServiceLocks
{
    /// <summary>
    /// Holds the lock <paramref name="name"/> until the current transaction ends. On PostgreSQL a
    /// transaction-scoped advisory lock; on SQLite nothing is needed: a transaction there begins
    /// <c>IMMEDIATE</c> and holds the database's only write lock already.
    /// </summary>
    /// <param name="db">A context inside a transaction.</param>
    /// <param name="name">The lock's name, e.g. <c>payments-order:{id}</c>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes once the lock is held.</returns>
    /// <exception cref="InvalidOperationException">No transaction is open on <paramref name="db"/>.</exception>
    public static async Task LockAsync(DbContext db, string name, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException($"The lock '{name}' is held until the transaction ends; open one first.");
        }

        if (db.Database.IsNpgsql())
        {
            var key = BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("sagahub-lock:" + name)), 0);
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({key})", cancellationToken).ConfigureAwait(false);
        }
    }
}

/// <summary>
/// Sets every SQLite connection up when it opens: WAL journal (readers never block the writer;
/// set once, it is stored in the file) and a busy timeout as long as the command timeout, so
/// consumers that write at the same time queue for the write lock instead of failing with
/// "database is locked".
/// </summary>
internal sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    private volatile bool walSet;

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragmas(connection);
        command.ExecuteNonQuery();
        walSet = true;
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        var command = connection.CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.CommandText = Pragmas(connection);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            walSet = true;
        }
    }

    private string Pragmas(DbConnection connection)
    {
        var timeout = connection is SqliteConnection sqlite ? sqlite.DefaultTimeout : 30;
        var busy = string.Create(CultureInfo.InvariantCulture, $"PRAGMA busy_timeout = {Math.Max(timeout, 1) * 1000};");
        return walSet ? busy : busy + " PRAGMA journal_mode = WAL;";
    }
}
