using System.Text.RegularExpressions;
using Npgsql;

namespace SagaHub.Benchmarks.Measure;

/// <summary>PostgreSQL statistics and scratch databases for the benchmark runs.</summary>
internal static partial class PgStats
{
    /// <summary>
    /// The committed transactions of <paramref name="database"/> so far: <c>xact_commit</c> of pg_stat_database,
    /// read after <c>pg_stat_clear_snapshot()</c> so that no cached snapshot of this session is returned.
    /// </summary>
    /// <remarks>
    /// PostgreSQL 15 keeps a backend's statistics in the backend and flushes them lazily: a busy backend at most once a
    /// second, an idle one after up to ~10 s, and always when the backend exits. A figure read while the measured
    /// connections are still open therefore lags behind; read it after the measured processes (and their connection
    /// pools) have exited. The count includes this method's own transactions and those of any other client of the
    /// database, so subtract two readings taken the same way.
    /// </remarks>
    /// <param name="connectionString">A connection to any database of the cluster.</param>
    /// <param name="database">The database whose commits are counted.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    public static async Task<long> CommitsAsync(string connectionString, string database, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        ArgumentException.ThrowIfNullOrEmpty(database);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using (var clear = new NpgsqlCommand("SELECT pg_stat_clear_snapshot()", connection))
        {
            await clear.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var query = new NpgsqlCommand("SELECT xact_commit FROM pg_stat_database WHERE datname = @database", connection);
        query.Parameters.AddWithValue("database", database);
        var result = await query.ExecuteScalarAsync(cancellationToken);
        return result is long commits
            ? commits
            : throw new InvalidOperationException($"pg_stat_database has no row for database '{database}'.");
    }

    /// <summary>Creates a database (the role needs CREATEDB). <paramref name="name"/> must be a plain lower-case identifier.</summary>
    public static async Task CreateDatabaseAsync(string connectionString, string name, CancellationToken cancellationToken = default)
    {
        ValidateIdentifier(name);
        await ExecuteAsync(connectionString, $"CREATE DATABASE \"{name}\"", cancellationToken);
    }

    /// <summary>Drops a database if it exists, terminating its connections (<c>WITH (FORCE)</c>).</summary>
    public static async Task DropDatabaseAsync(string connectionString, string name, CancellationToken cancellationToken = default)
    {
        ValidateIdentifier(name);
        await ExecuteAsync(connectionString, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", cancellationToken);
    }

    /// <summary>Throws unless <paramref name="name"/> is 1–63 characters of a–z, 0–9 and _, not starting with a digit.</summary>
    public static void ValidateIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!IdentifierPattern().IsMatch(name))
        {
            throw new ArgumentException(
                $"'{name}' is not a plain PostgreSQL identifier (1-63 characters of a-z, 0-9 and _, not starting with a digit).",
                nameof(name));
        }
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
#pragma warning disable CA2100 // The only variable part is an identifier validated by ValidateIdentifier; DDL takes no parameters.
        await using var command = new NpgsqlCommand(sql, connection);
#pragma warning restore CA2100
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    [GeneratedRegex(@"^[a-z_][a-z0-9_]{0,62}\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdentifierPattern();
}
