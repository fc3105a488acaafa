using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// Where SagaHub's tables live for one provider and schema: in the schema on PostgreSQL (<c>sagahub.sagas</c>), with
/// the schema as a name prefix on SQLite (<c>sagahub_sagas</c>).
/// </summary>
/// <remarks>Use it to map the inbox and outbox into a service's own <see cref="DbContext"/>.</remarks>
/// <param name="Provider">The database kind.</param>
/// <param name="Schema">The schema (PostgreSQL) or table prefix (SQLite).</param>
public sealed record SagaHubTables(SagaStoreProvider Provider, string Schema)
{
    /// <summary>The schema, checked: it is written into SQL, so only lower-case letters, digits and underscores pass.</summary>
    public string Schema { get; } = System.Text.RegularExpressions.Regex.IsMatch(Schema ?? string.Empty, "^[a-z_][a-z0-9_]{0,40}$")
        ? Schema!
        : throw new SagaConfigurationException($"Schema '{Schema}' must be lower-case letters, digits and underscores (at most 41), starting with a letter or underscore.");

    /// <summary>The schema EF maps tables into: the schema on PostgreSQL, null on SQLite.</summary>
    public string? EfSchema => Provider == SagaStoreProvider.PostgreSql ? Schema : null;

    /// <summary>The table name EF maps to: <paramref name="table"/> on PostgreSQL, <c>schema_table</c> on SQLite.</summary>
    /// <param name="table">The bare table name.</param>
    /// <returns>The name.</returns>
    public string Table(string table) => Provider == SagaStoreProvider.PostgreSql ? table : $"{Schema}_{table}";

    /// <summary>The table as written in SQL: <c>"schema"."table"</c> or <c>"schema_table"</c>.</summary>
    /// <param name="table">The bare table name.</param>
    /// <returns>The quoted, qualified name.</returns>
    public string Sql(string table) => Provider == SagaStoreProvider.PostgreSql ? $"\"{Schema}\".\"{table}\"" : $"\"{Schema}_{table}\"";

    /// <summary>The column type of JSON documents: <c>jsonb</c> on PostgreSQL, <c>TEXT</c> on SQLite.</summary>
    public string JsonType => Provider == SagaStoreProvider.PostgreSql ? "jsonb" : "TEXT";

    /// <summary>
    /// Conventions every SagaHub context needs: on SQLite, times are stored as UTC ticks (so they
    /// sort and compare in SQL); enums are stored as their names.
    /// </summary>
    /// <param name="configurationBuilder">The context's convention builder.</param>
    public void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        if (Provider == SagaStoreProvider.Sqlite)
        {
            configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
            configurationBuilder.Properties<DateTimeOffset?>().HaveConversion<UtcTicksConverter>();
        }
    }

    /// <summary>Maps <see cref="InboxMessage"/> and <see cref="OutboxMessage"/> to the <c>inbox</c> and <c>outbox</c> tables.</summary>
    /// <param name="modelBuilder">The context's model builder.</param>
    public void MapInboxAndOutbox(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        modelBuilder.Entity<InboxMessage>(e =>
        {
            e.ToTable(Table("inbox"), EfSchema);
            e.HasKey(x => new { x.Consumer, x.MessageId });
            e.Property(x => x.Consumer).HasColumnName("consumer");
            e.Property(x => x.MessageId).HasColumnName("message_id");
            e.Property(x => x.ReceivedAt).HasColumnName("received_at");
        });
        modelBuilder.Entity<OutboxMessage>(e =>
        {
            e.ToTable(Table("outbox"), EfSchema);
            e.HasKey(x => x.MessageId);
            e.Property(x => x.MessageId).HasColumnName("message_id").ValueGeneratedNever();
            e.Property(x => x.Source).HasColumnName("source");
            e.Property(x => x.CorrelationId).HasColumnName("correlation_id");
            e.Property(x => x.MessageType).HasColumnName("message_type");
            e.Property(x => x.Destination).HasColumnName("destination");
            e.Property(x => x.Body).HasColumnName("body").HasColumnType(JsonType);
            e.Property(x => x.CreatedAt).HasColumnName("created_at");
            // The sweep's columns are written only by the sweep's own statements: inserts and updates leave them out
            // (a message's write batch stays as small as before they existed).
            e.Property(x => x.ClaimedUntil).HasColumnName("claimed_until").Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            e.Property(x => x.FailedAt).HasColumnName("failed_at").Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            e.Property(x => x.Failure).HasColumnName("failure").Metadata.SetBeforeSaveBehavior(PropertySaveBehavior.Ignore);
            foreach (var name in new[] { nameof(OutboxMessage.ClaimedUntil), nameof(OutboxMessage.FailedAt), nameof(OutboxMessage.Failure) })
            {
                e.Property(name).Metadata.SetAfterSaveBehavior(PropertySaveBehavior.Ignore);
            }
        });
    }

    /// <summary>The DDL of the <c>inbox</c> and <c>outbox</c> tables (idempotent), for a service's first schema script.</summary>
    /// <returns>SQL statements.</returns>
    public string InboxAndOutboxDdl()
    {
        var time = Provider == SagaStoreProvider.PostgreSql ? "timestamptz" : "INTEGER";
        var uuid = Provider == SagaStoreProvider.PostgreSql ? "uuid" : "TEXT";
        return $"""
            CREATE TABLE IF NOT EXISTS {Sql("inbox")} (
                consumer text NOT NULL,
                message_id {uuid} NOT NULL,
                received_at {time} NOT NULL,
                PRIMARY KEY (consumer, message_id)
            );
            CREATE INDEX IF NOT EXISTS "ix_{Table("inbox")}_received_at" ON {Sql("inbox")} (received_at);
            CREATE TABLE IF NOT EXISTS {Sql("outbox")} (
                message_id {uuid} NOT NULL PRIMARY KEY,
                source text NOT NULL,
                correlation_id {uuid} NOT NULL,
                message_type text NOT NULL,
                destination text NULL,
                body {JsonType} NOT NULL,
                created_at {time} NOT NULL
            );
            CREATE INDEX IF NOT EXISTS "ix_{Table("outbox")}_created_at" ON {Sql("outbox")} (created_at);
            """;
    }

    /// <summary>
    /// The DDL that adds the sweep's columns to the <c>outbox</c> table of <see cref="InboxAndOutboxDdl"/>:
    /// <c>claimed_until</c> (a sweep's claim), <c>failed_at</c> and <c>failure</c> (a parked row).
    /// </summary>
    /// <remarks>
    /// Put it in a new script version of every schema that owns an outbox, and run it once (SQLite has no
    /// <c>ADD COLUMN IF NOT EXISTS</c>).
    /// </remarks>
    /// <returns>SQL statements.</returns>
    public string OutboxSweepColumnsDdl()
    {
        var time = Provider == SagaStoreProvider.PostgreSql ? "timestamptz" : "INTEGER";
        return $"""
            ALTER TABLE {Sql("outbox")} ADD COLUMN claimed_until {time} NULL;
            ALTER TABLE {Sql("outbox")} ADD COLUMN failed_at {time} NULL;
            ALTER TABLE {Sql("outbox")} ADD COLUMN failure text NULL;
            """;
    }
}
