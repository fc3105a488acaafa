using System.Data;
using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// Applies versioned scripts to a database, idempotently: a <c>schema_versions</c> table (component, version) records
/// what ran.
/// </summary>
/// <remarks>
/// Every run takes a lock (a PostgreSQL advisory lock, or SQLite's write lock) and applies the missing scripts in one
/// transaction. Hosts starting together serialize on the lock; the second finds nothing to do.
/// </remarks>
public static class SchemaMigrator
{
    /// <summary>Applies the scripts of <paramref name="component"/> that are not recorded yet.</summary>
    /// <param name="context">A context on the target database (its connection is used).</param>
    /// <param name="tables">Where the <c>schema_versions</c> table lives.</param>
    /// <param name="component">The owner of the scripts, e.g. <c>sagahub-store</c> or <c>inventory</c>.</param>
    /// <param name="scripts">The scripts, versions 1..n without gaps.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The versions applied now (empty when the schema was current).</returns>
    /// <exception cref="SagaConfigurationException">The scripts are not numbered 1..n, or the database holds a newer version than the scripts know.</exception>
    public static async Task<IReadOnlyList<int>> MigrateAsync(
        DbContext context,
        SagaHubTables tables,
        string component,
        IReadOnlyList<SchemaScript> scripts,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(tables);
        ArgumentNullException.ThrowIfNull(scripts);
        for (var i = 0; i < scripts.Count; i++)
        {
            if (scripts[i].Version != i + 1)
            {
                throw new SagaConfigurationException($"Schema scripts of '{component}' must be numbered 1..{scripts.Count} in order; script {i + 1} has version {scripts[i].Version}.");
            }
        }

        var pg = tables.Provider == SagaStoreProvider.PostgreSql;
        await using var transaction = await context.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
        var connection = context.Database.GetDbConnection();
        var tx = transaction.GetDbTransaction();
        if (pg)
        {
            await ExecuteAsync(connection, tx, $"SELECT pg_advisory_xact_lock({LockKey(tables.Schema)});", cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, tx, $"CREATE SCHEMA IF NOT EXISTS \"{tables.Schema}\";", cancellationToken).ConfigureAwait(false);
        }
        else
        {
            // Any write takes SQLite's database lock for the rest of the transaction: hosts queue here.
            await ExecuteAsync(connection, tx, $"CREATE TABLE IF NOT EXISTS {tables.Sql("schema_lock")} (id INTEGER PRIMARY KEY); INSERT OR REPLACE INTO {tables.Sql("schema_lock")} (id) VALUES (1);", cancellationToken).ConfigureAwait(false);
        }

        var versions = tables.Sql("schema_versions");
        await ExecuteAsync(connection, tx, $"CREATE TABLE IF NOT EXISTS {versions} (component text NOT NULL, version integer NOT NULL, description text NOT NULL, applied_at text NOT NULL, PRIMARY KEY (component, version));", cancellationToken).ConfigureAwait(false);
        var applied = new HashSet<int>();
        await using (var read = connection.CreateCommand())
        {
            read.Transaction = tx;
            read.CommandText = $"SELECT version FROM {versions} WHERE component = @component";
            AddParameter(read, "@component", component);
            await using var reader = await read.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                applied.Add(Convert.ToInt32(reader.GetValue(0), CultureInfo.InvariantCulture));
            }
        }

        if (applied.Count > 0 && applied.Max() > scripts.Count)
        {
            throw new SagaConfigurationException($"The database holds schema version {applied.Max()} of '{component}', newer than this build knows ({scripts.Count}); run a newer build or restore the schema.");
        }

        var done = new List<int>();
        foreach (var script in scripts.Where(s => !applied.Contains(s.Version)))
        {
            await ExecuteAsync(connection, tx, script.Sql, cancellationToken).ConfigureAwait(false);
            await using var record = connection.CreateCommand();
            record.Transaction = tx;
            record.CommandText = $"INSERT INTO {versions} (component, version, description, applied_at) VALUES (@component, @version, @description, @at)";
            AddParameter(record, "@component", component);
            AddParameter(record, "@version", script.Version);
            AddParameter(record, "@description", script.Description);
            AddParameter(record, "@at", DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture));
            await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            done.Add(script.Version);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return done;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction tx, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = tx;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>A stable advisory-lock key per schema.</summary>
    private static long LockKey(string schema) =>
        BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes("sagahub-migrate:" + schema)), 0);
}
