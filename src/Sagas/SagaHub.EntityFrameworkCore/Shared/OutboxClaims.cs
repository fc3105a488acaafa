using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// The outbox sweep's claims and parked rows, on any context that maps <see cref="OutboxMessage"/> (the saga store's
/// and the services').
/// </summary>
/// <remarks>
/// A claim takes rows with <c>FOR UPDATE SKIP LOCKED</c> on PostgreSQL (SQLite's write lock serializes the sweeps). A
/// row whose message type does not load is parked (<c>failed_at</c>, <c>failure</c>) and never swept again.
/// </remarks>
internal static partial class OutboxClaims
{
    /// <summary>Claims up to <paramref name="max"/> live rows created at or before <paramref name="createdBefore"/>, oldest first.</summary>
    /// <param name="db">A context that maps the outbox.</param>
    /// <param name="now">The current time: claims that end at or before it no longer hold their row.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="createdBefore">Only rows at least this old.</param>
    /// <param name="max">Batch size.</param>
    /// <param name="skip">Rows handed to the bus whose delete is still queued: not claimed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed rows, oldest first.</returns>
    public static async Task<List<OutboxMessage>> ClaimAsync(DbContext db, DateTimeOffset now, TimeSpan lease, DateTimeOffset createdBefore, int max, IReadOnlyCollection<Guid> skip, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        var pg = db.Database.IsNpgsql();
        var outbox = TableOf(db);
        object At(DateTimeOffset t) => pg ? t.ToUniversalTime() : t.UtcTicks;
        string skipping;
        object skipped;
        if (pg)
        {
            skipping = "message_id <> ALL({4})";
            skipped = skip.ToArray();
        }
        else
        {
            // EF Core keeps SQLite uuids as upper-case text.
            skipping = "message_id NOT IN (SELECT value FROM json_each({4}))";
            skipped = JsonSerializer.Serialize(skip.Select(id => id.ToString().ToUpperInvariant()));
        }

        var claimable = $"created_at <= {{0}} AND failed_at IS NULL AND (claimed_until IS NULL OR claimed_until <= {{1}}) AND {skipping}";
        var sql = pg
            ? $$"""
                UPDATE {{outbox}} SET claimed_until = {2}
                WHERE message_id IN (SELECT message_id FROM {{outbox}} WHERE {{claimable}}
                                     ORDER BY created_at, message_id LIMIT {3} FOR UPDATE SKIP LOCKED)
                RETURNING *
                """
            : $$"""
                UPDATE {{outbox}} SET claimed_until = {2}
                WHERE message_id IN (SELECT message_id FROM {{outbox}} WHERE {{claimable}} ORDER BY created_at, message_id LIMIT {3})
                RETURNING *
                """;
        var rows = await db.Set<OutboxMessage>().FromSqlRaw(sql, At(createdBefore), At(now), At(now + lease), max, skipped)
            .AsNoTracking().ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.OrderBy(r => r.CreatedAt).ThenBy(r => r.MessageId)];
    }

    /// <summary>Ends the claims of rows that were not sent, so the next pass takes them at once.</summary>
    public static async Task ReleaseAsync(DbContext db, IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken)
    {
        if (messageIds.Count == 0)
        {
            return;
        }

        var ids = messageIds.ToArray();
        await db.Set<OutboxMessage>().Where(o => ids.Contains(o.MessageId))
            .ExecuteUpdateAsync(set => set.SetProperty(o => o.ClaimedUntil, (DateTimeOffset?)null), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Turns rows into outgoing messages; a row that cannot be turned (its type does not load, its body is empty)
    /// is parked: marked with the reason, logged and counted, and left out of the result.
    /// </summary>
    /// <returns>The rows that can be sent, in order.</returns>
    public static async Task<List<(OutboxMessage Row, OutboxEntry Entry)>> ConvertOrParkAsync(DbContext db, IReadOnlyList<OutboxMessage> rows, DateTimeOffset now, string outboxName, SagaMetrics metrics, ILogger logger, CancellationToken cancellationToken)
    {
        var good = new List<(OutboxMessage, OutboxEntry)>(rows.Count);
        foreach (var row in rows)
        {
            string reason;
            try
            {
                good.Add((row, new OutboxEntry(row.Source, row.CorrelationId, OutboxMessages.ToOutgoing(row), row.CreatedAt)));
                continue;
            }
            catch (Exception ex) when (ex is SagaExecutionException or JsonException or NotSupportedException)
            {
                reason = ex.Message;
            }

            var id = row.MessageId;
            await db.Set<OutboxMessage>().Where(o => o.MessageId == id)
                .ExecuteUpdateAsync(
                    set => set.SetProperty(o => o.FailedAt, now).SetProperty(o => o.Failure, reason).SetProperty(o => o.ClaimedUntil, (DateTimeOffset?)null),
                    CancellationToken.None).ConfigureAwait(false);
            LogParked(logger, row.MessageId, row.MessageType, row.Source, outboxName, reason);
            metrics.OutboxRowParked(outboxName);
        }

        return good;
    }

    /// <summary>The outbox table as written in SQL, from the context's model.</summary>
    public static string TableOf(DbContext db)
    {
        var type = db.Model.FindEntityType(typeof(OutboxMessage))
            ?? throw new SagaConfigurationException($"{db.GetType().Name} does not map {nameof(OutboxMessage)}; call SagaHubTables.MapInboxAndOutbox in OnModelCreating.");
        var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
        return db.GetService<ISqlGenerationHelper>().DelimitIdentifier(table.Name, table.Schema);
    }

    [LoggerMessage(EventId = 3120, Level = LogLevel.Error, Message = "Parked outbox message {MessageId} of type '{MessageType}' from '{Source}' in {Outbox}: it cannot be sent and is never swept again ({Reason})")]
    private static partial void LogParked(ILogger logger, Guid messageId, string messageType, string source, string outbox, string reason);
}
