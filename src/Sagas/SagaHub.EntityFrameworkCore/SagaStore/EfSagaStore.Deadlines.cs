using Microsoft.EntityFrameworkCore;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Deadline claims, one statement per dialect (PostgreSQL: <c>FOR UPDATE SKIP LOCKED</c>; SQLite: its one writer), and the next due time.</summary>
public sealed partial class EfSagaStore
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DueDeadline>> ClaimDueDeadlinesAsync(DateTimeOffset now, TimeSpan lease, int max, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (sagaTypes is { Count: 0 })
        {
            return [];
        }

        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var sagas = tables.Sql("sagas");
        var types = sagaTypes?.ToArray() ?? [];
        var typeFilter = types.Length == 0 ? string.Empty : $" AND saga_type IN ({string.Join(", ", types.Select((_, i) => $"{{{i + 3}}}"))})";
        var claimable = "deadline_due_at <= {0} AND (claimed_deadline_id IS NULL OR claimed_deadline_id <> deadline_id OR claimed_until <= {0})" + typeFilter;
        string sql;
        if (tables.Provider == SagaStoreProvider.PostgreSql)
        {
            // SKIP LOCKED: rows another host is claiming right now are passed over, not waited for.
            sql = $$"""
                UPDATE {{sagas}} AS s SET claimed_deadline_id = s.deadline_id, claimed_until = {1}
                FROM (SELECT saga_type, saga_id FROM {{sagas}} WHERE {{claimable}}
                      ORDER BY deadline_due_at LIMIT {2} FOR UPDATE SKIP LOCKED) AS due
                WHERE s.saga_type = due.saga_type AND s.saga_id = due.saga_id
                RETURNING s.*
                """;
        }
        else
        {
            // SQLite has one writer at a time: the UPDATE itself is the claim.
            sql = $$"""
                UPDATE {{sagas}} SET claimed_deadline_id = deadline_id, claimed_until = {1}
                WHERE rowid IN (SELECT rowid FROM {{sagas}} WHERE {{claimable}} ORDER BY deadline_due_at LIMIT {2})
                RETURNING *
                """;
        }

        object At(DateTimeOffset t) => tables.Provider == SagaStoreProvider.PostgreSql ? t.ToUniversalTime() : t.UtcTicks;
        object[] parameters = [At(now), At(now + lease), max, .. types];
        var rows = await context.Sagas.FromSqlRaw(sql, parameters).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows
            .Where(r => r.DeadlineId is not null && r.DeadlineDueAt is not null && r.DeadlineKind is not null)
            .OrderBy(r => r.DeadlineDueAt)
            .Select(r => new DueDeadline(r.SagaType, r.SagaId, new SagaDeadline(r.DeadlineId!.Value, r.DeadlineDueAt!.Value, r.DeadlineKind!.Value)))];
    }

    /// <inheritdoc />
    public async ValueTask<DateTimeOffset?> NextDeadlineAsync(DateTimeOffset now, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default)
    {
        if (sagaTypes is { Count: 0 })
        {
            return null;
        }

        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // The partial index on deadline_due_at serves this: the earliest row that is not held by a live claim.
        var rows = context.Sagas.Where(s => s.DeadlineDueAt != null
            && (s.ClaimedDeadlineId == null || s.ClaimedDeadlineId != s.DeadlineId || s.ClaimedUntil <= now));
        if (sagaTypes is not null)
        {
            var types = sagaTypes.ToList();
            rows = rows.Where(s => types.Contains(s.SagaType));
        }

        return await rows.OrderBy(s => s.DeadlineDueAt).Select(s => s.DeadlineDueAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }
}
