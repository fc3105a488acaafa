using System.Data.Common;

namespace SagaHub.EntityFrameworkCore;

/// <summary>The saga store's tables, as versioned scripts, and the explicit "create or upgrade" command.</summary>
/// <remarks>
/// Tables (PostgreSQL names; SQLite prefixes them with the schema, <c>sagahub_sagas</c>): <c>sagas</c>,
/// <c>saga_history</c>, <c>human_tasks</c>, <c>inbox</c>, <c>outbox</c> and <c>schema_versions</c>.
/// </remarks>
public static class SagaStoreSchema
{
    /// <summary>The component name under which the store's scripts are recorded in <c>schema_versions</c>.</summary>
    public const string Component = "sagahub-store";

    /// <summary>The store's scripts for one provider and schema.</summary>
    /// <param name="tables">Where the tables go.</param>
    /// <returns>Versions 1..n.</returns>
    public static IReadOnlyList<SchemaScript> Scripts(SagaHubTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var pg = tables.Provider == SagaStoreProvider.PostgreSql;
        var time = pg ? "timestamptz" : "INTEGER";
        var uuid = pg ? "uuid" : "TEXT";
        var json = tables.JsonType;
        var boolean = pg ? "boolean" : "INTEGER";
        return
        [
            new SchemaScript(1, "sagas, saga_history, human_tasks, inbox, outbox", $"""
                CREATE TABLE IF NOT EXISTS {tables.Sql("sagas")} (
                    saga_type text NOT NULL,
                    saga_id {uuid} NOT NULL,
                    state text NOT NULL,
                    is_final {boolean} NOT NULL,
                    data {json} NOT NULL,
                    version bigint NOT NULL,
                    last_sequence bigint NOT NULL,
                    definition_version integer NOT NULL,
                    deadline_id {uuid} NULL,
                    deadline_due_at {time} NULL,
                    deadline_kind text NULL,
                    claimed_deadline_id {uuid} NULL,
                    claimed_until {time} NULL,
                    compensations {json} NOT NULL,
                    runtime {json} NULL,
                    created_at {time} NOT NULL,
                    updated_at {time} NOT NULL,
                    PRIMARY KEY (saga_type, saga_id)
                );
                CREATE INDEX IF NOT EXISTS "ix_{tables.Table("sagas")}_deadline" ON {tables.Sql("sagas")} (deadline_due_at) WHERE deadline_due_at IS NOT NULL;
                CREATE INDEX IF NOT EXISTS "ix_{tables.Table("sagas")}_state" ON {tables.Sql("sagas")} (saga_type, state, created_at);
                CREATE TABLE IF NOT EXISTS {tables.Sql("saga_history")} (
                    saga_type text NOT NULL,
                    saga_id {uuid} NOT NULL,
                    sequence bigint NOT NULL,
                    from_state text NOT NULL,
                    to_state text NOT NULL,
                    trigger text NOT NULL,
                    message_id {uuid} NULL,
                    at {time} NOT NULL,
                    kind text NOT NULL,
                    detail text NULL,
                    PRIMARY KEY (saga_type, saga_id, sequence)
                );
                CREATE TABLE IF NOT EXISTS {tables.Sql("human_tasks")} (
                    task_id {uuid} NOT NULL PRIMARY KEY,
                    saga_type text NOT NULL,
                    saga_id {uuid} NOT NULL,
                    name text NOT NULL,
                    state text NOT NULL,
                    assignee text NOT NULL,
                    escalate_to text NULL,
                    created_at {time} NOT NULL,
                    due_at {time} NOT NULL,
                    expires_at {time} NULL,
                    escalated {boolean} NOT NULL,
                    status text NOT NULL,
                    decided_by text NULL,
                    closed_at {time} NULL
                );
                CREATE INDEX IF NOT EXISTS "ix_{tables.Table("human_tasks")}_open" ON {tables.Sql("human_tasks")} (assignee, due_at) WHERE status = 'Open';
                {tables.InboxAndOutboxDdl()}
                """),
            new SchemaScript(2, "outbox sweep claims and parked rows", tables.OutboxSweepColumnsDdl()),
            new SchemaScript(3, "saga queries: parked, expected by, search values, newest-started order", QueryColumnsDdl(tables)),
        ];
    }

    /// <summary>
    /// Version 3: the columns operator queries filter on (<c>is_parked</c>, <c>expected_by</c>, <c>search_values</c>: a
    /// JSON object, null when there are none) and their indexes. Old rows read as not parked, no expectation, no search values.
    /// </summary>
    private static string QueryColumnsDdl(SagaHubTables tables)
    {
        var pg = tables.Provider == SagaStoreProvider.PostgreSql;
        var sagas = tables.Sql("sagas");
        var name = tables.Table("sagas");
        return $"""
            ALTER TABLE {sagas} ADD COLUMN is_parked {(pg ? "boolean NOT NULL DEFAULT false" : "INTEGER NOT NULL DEFAULT 0")};
            ALTER TABLE {sagas} ADD COLUMN expected_by {(pg ? "timestamptz" : "INTEGER")} NULL;
            ALTER TABLE {sagas} ADD COLUMN search_values {tables.JsonType} NULL;
            CREATE INDEX IF NOT EXISTS "ix_{name}_started" ON {sagas} (created_at DESC, saga_id DESC);
            CREATE INDEX IF NOT EXISTS "ix_{name}_parked" ON {sagas} (saga_type, state) WHERE is_parked;
            CREATE INDEX IF NOT EXISTS "ix_{name}_expected_by" ON {sagas} (expected_by) WHERE expected_by IS NOT NULL;
            {(pg ? $"CREATE INDEX IF NOT EXISTS \"ix_{name}_search\" ON {sagas} USING gin (search_values jsonb_path_ops);" : string.Empty)}
            """;
    }

    /// <summary>Creates or upgrades the store's tables (the explicit command; idempotent).</summary>
    /// <param name="options">The store settings.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>The versions applied now.</returns>
    public static async Task<IReadOnlyList<int>> MigrateAsync(SagaStoreOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var tables = new SagaHubTables(options.Provider, options.Schema);
        await using var context = SagaStoreContextFactory.Create(options, tables);
        return await SchemaMigrator.MigrateAsync(context, tables, Component, Scripts(tables), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Names a store for logs without its secrets: provider, host, database and schema only.</summary>
    /// <param name="options">The store settings.</param>
    /// <returns>For example <c>PostgreSql 127.0.0.1/sagahub schema orders</c>.</returns>
    public static string Describe(SagaStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new DbConnectionStringBuilder();
        try
        {
            builder.ConnectionString = options.ConnectionString;
        }
        catch (ArgumentException)
        {
            return $"{options.Provider} (unparsable connection string) schema {options.Schema}";
        }

        string? Part(params string[] keys) => keys.Select(k => builder.TryGetValue(k, out var v) ? v?.ToString() : null).FirstOrDefault(v => !string.IsNullOrEmpty(v));
        var where = options.Provider == SagaStoreProvider.PostgreSql
            ? $"{Part("Host", "Server") ?? "?"}/{Part("Database", "Db") ?? "?"}"
            : Part("Data Source", "DataSource", "Filename") ?? "?";
        return $"{options.Provider} {where} schema {options.Schema}";
    }
}
