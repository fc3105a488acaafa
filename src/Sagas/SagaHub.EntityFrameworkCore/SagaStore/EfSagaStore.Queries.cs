using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using static SagaHub.EntityFrameworkCore.SagaRowMapping;

namespace SagaHub.EntityFrameworkCore;

/// <summary>The read side: a saga's history, saga rows by filter in either order after a keyset cursor, and counts per state.</summary>
public sealed partial class EfSagaStore
{
    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SagaHistoryEntry>> GetHistoryAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await context.History
            .Where(h => h.SagaType == sagaType && h.SagaId == sagaId)
            .OrderBy(h => h.Sequence)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(h => new SagaHistoryEntry(h.Sequence, h.FromState, h.ToState, h.Trigger, h.MessageId, h.At, h.Kind, h.Detail))];
    }

    /// <summary>Lists saga rows that match every filter of <paramref name="query"/>, in its order, after its cursor.</summary>
    /// <remarks>Search values are a jsonb containment (GIN-indexed) on PostgreSQL and a <c>json_each</c> lookup per pair on SQLite.</remarks>
    /// <param name="query">The filter, order, cursor and limit.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows (see <see cref="ISagaQueryStore.QueryAsync"/>).</returns>
    public async ValueTask<IReadOnlyList<SagaSnapshot>> QueryAsync(SagaQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = Search(context, query.Search);
        if (query.SagaType is { } type)
        {
            rows = rows.Where(s => s.SagaType == type);
        }

        if (query.SagaId is { } id)
        {
            rows = rows.Where(s => s.SagaId == id);
        }

        if (query.State is { } state)
        {
            rows = rows.Where(s => s.State == state);
        }

        if (!query.IncludeFinal)
        {
            rows = rows.Where(s => !s.IsFinal);
        }

        if (Utc(query.StartedBefore) is { } startedBefore)
        {
            rows = rows.Where(s => s.CreatedAt <= startedBefore);
        }

        if (Utc(query.StartedAfter) is { } startedAfter)
        {
            rows = rows.Where(s => s.CreatedAt >= startedAfter);
        }

        if (Utc(query.UpdatedBefore) is { } updatedBefore)
        {
            rows = rows.Where(s => s.UpdatedAt <= updatedBefore);
        }

        if (Utc(query.UpdatedAfter) is { } updatedAfter)
        {
            rows = rows.Where(s => s.UpdatedAt >= updatedAfter);
        }

        if (Utc(query.OverdueAt) is { } overdue)
        {
            rows = rows.Where(s => s.DeadlineDueAt != null && s.DeadlineDueAt <= overdue);
        }

        if (query.Parked is { } parked)
        {
            rows = rows.Where(s => s.IsParked == parked);
        }

        if (Utc(query.StuckAt) is { } stuck)
        {
            rows = rows.Where(s => s.IsParked || (!s.IsFinal && ((s.DeadlineDueAt != null && s.DeadlineDueAt <= stuck) || (s.ExpectedBy != null && s.ExpectedBy <= stuck))));
        }

        var ordered = query.Order == SagaQueryOrder.NewestStarted
            ? After(rows, query.After, newest: true).OrderByDescending(s => s.CreatedAt)
            : After(rows, query.After, newest: false).OrderByDescending(s => s.UpdatedAt);
        var list = await ordered.ThenByDescending(s => s.SagaId).ThenBy(s => s.SagaType).Take(query.Limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. list.Select(ToSnapshot)];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SagaStateCount>> CountAsync(DateTimeOffset at, string? sagaType = null, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var due = at.ToUniversalTime();
        var rows = context.Sagas.AsQueryable();
        if (sagaType is not null)
        {
            rows = rows.Where(s => s.SagaType == sagaType);
        }

        var groups = await rows
            .GroupBy(s => new { s.SagaType, s.State, s.IsFinal, s.IsParked })
            .Select(g => new
            {
                g.Key.SagaType,
                g.Key.State,
                g.Key.IsFinal,
                g.Key.IsParked,
                Count = g.LongCount(),
                Overdue = g.LongCount(s => !s.IsFinal && s.DeadlineDueAt != null && s.DeadlineDueAt <= due),
                OldestOverdue = g.Where(s => !s.IsFinal && s.DeadlineDueAt != null && s.DeadlineDueAt <= due).Min(s => s.DeadlineDueAt),
            })
            .ToListAsync(cancellationToken).ConfigureAwait(false);

        // Sorted here, ordinally: the database's collation (PostgreSQL's may be linguistic) would order differently from the other stores.
        return [.. groups
            .Select(g => new SagaStateCount(g.SagaType, g.State, g.IsFinal, g.IsParked, g.Count, g.Overdue, g.OldestOverdue))
            .OrderBy(c => c.SagaType, StringComparer.Ordinal)
            .ThenBy(c => c.State, StringComparer.Ordinal)
            .ThenBy(c => c.IsFinal)
            .ThenBy(c => c.IsParked)];
    }

    /// <summary>The saga rows holding every pair of <paramref name="search"/> (all rows when it is null or empty).</summary>
    private IQueryable<SagaRow> Search(SagaStoreDbContext context, IReadOnlyDictionary<string, string>? search)
    {
        if (search is not { Count: > 0 })
        {
            return context.Sagas;
        }

        if (tables.Provider == SagaStoreProvider.PostgreSql)
        {
            var contained = SearchJson(search);
            return context.Sagas.Where(s => EF.Functions.JsonContains(s.SearchValues!, contained!));
        }

        // SQLite: one EXISTS over the row's JSON object per pair (exact key and value, any key text), composed by EF like a table.
        var sql = new StringBuilder().Append(CultureInfo.InvariantCulture, $"SELECT * FROM {tables.Sql("sagas")} WHERE search_values IS NOT NULL");
        var parameters = new List<object>();
        foreach (var (key, value) in search)
        {
            sql.Append(CultureInfo.InvariantCulture, $" AND EXISTS (SELECT 1 FROM json_each(search_values) WHERE json_each.key = {{{parameters.Count}}} AND json_each.value = {{{parameters.Count + 1}}})");
            parameters.Add(key);
            parameters.Add(value);
        }

        return context.Sagas.FromSqlRaw(sql.ToString(), [.. parameters]);
    }

    /// <summary>The rows strictly after <paramref name="cursor"/>: order key and saga id descending, then saga type ascending.</summary>
    private static IQueryable<SagaRow> After(IQueryable<SagaRow> rows, SagaQueryCursor? cursor, bool newest)
    {
        if (cursor is null)
        {
            return rows;
        }

        var at = cursor.At.ToUniversalTime();
        var id = cursor.SagaId;
        var type = cursor.SagaType;
        return newest
            ? rows.Where(s => s.CreatedAt < at || (s.CreatedAt == at && (s.SagaId.CompareTo(id) < 0 || (s.SagaId == id && s.SagaType.CompareTo(type) > 0))))
            : rows.Where(s => s.UpdatedAt < at || (s.UpdatedAt == at && (s.SagaId.CompareTo(id) < 0 || (s.SagaId == id && s.SagaType.CompareTo(type) > 0))));
    }

    /// <summary>Npgsql takes only UTC instants for <c>timestamptz</c>; SQLite compares UTC ticks.</summary>
    private static DateTimeOffset? Utc(DateTimeOffset? value) => value?.ToUniversalTime();
}
