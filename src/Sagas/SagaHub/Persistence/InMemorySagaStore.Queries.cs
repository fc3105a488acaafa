namespace SagaHub;

/// <summary>The in-memory store's saga queries and counts: the filters, orders and cursor of <see cref="SagaQuery"/> over the rows in memory.</summary>
public sealed partial class InMemorySagaStore
{
    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SagaSnapshot>> QueryAsync(SagaQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var newest = query.Order == SagaQueryOrder.NewestStarted;
        DateTimeOffset Key(SagaSnapshot s) => newest ? s.CreatedAt : s.UpdatedAt;
        lock (gate)
        {
            IReadOnlyList<SagaSnapshot> rows = [.. sagas.Values
                .Where(s => Matches(query, s))
                .Where(s => query.After is not { } after || IsAfter(Key(s), s, after))
                .OrderByDescending(Key)
                .ThenByDescending(s => s.SagaId)
                .ThenBy(s => s.SagaType, StringComparer.Ordinal)
                .Take(query.Limit)];
            return ValueTask.FromResult(rows);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SagaStateCount>> CountAsync(DateTimeOffset at, string? sagaType = null, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<SagaStateCount> counts = [.. sagas.Values
                .Where(s => sagaType is null || s.SagaType == sagaType)
                .GroupBy(s => (s.SagaType, s.State, s.IsFinal, s.IsParked))
                .Select(g =>
                {
                    var overdue = g.Where(s => !s.IsFinal && s.Deadline is { } d && d.DueAt <= at).Select(s => s.Deadline!.DueAt).ToList();
                    return new SagaStateCount(g.Key.SagaType, g.Key.State, g.Key.IsFinal, g.Key.IsParked, g.LongCount(), overdue.Count, overdue.Count == 0 ? null : overdue.Min());
                })
                .OrderBy(c => c.SagaType, StringComparer.Ordinal)
                .ThenBy(c => c.State, StringComparer.Ordinal)
                .ThenBy(c => c.IsFinal)
                .ThenBy(c => c.IsParked)];
            return ValueTask.FromResult(counts);
        }
    }

    private static bool Matches(SagaQuery q, SagaSnapshot s) =>
        (q.SagaType is null || s.SagaType == q.SagaType)
        && (q.SagaId is null || s.SagaId == q.SagaId)
        && (q.State is null || s.State == q.State)
        && (q.IncludeFinal || !s.IsFinal)
        && (q.StartedBefore is null || s.CreatedAt <= q.StartedBefore)
        && (q.StartedAfter is null || s.CreatedAt >= q.StartedAfter)
        && (q.UpdatedBefore is null || s.UpdatedAt <= q.UpdatedBefore)
        && (q.UpdatedAfter is null || s.UpdatedAt >= q.UpdatedAfter)
        && (q.OverdueAt is null || (s.Deadline is { } d && d.DueAt <= q.OverdueAt))
        && (q.Parked is null || s.IsParked == q.Parked)
        && (q.StuckAt is not { } stuck || IsStuck(s, stuck))
        && (q.Search is null || q.Search.All(p => s.SearchValues.Any(v => string.Equals(v.Key, p.Key, StringComparison.Ordinal) && string.Equals(v.Value, p.Value, StringComparison.Ordinal))));

    /// <summary>Parked, or not final and past its deadline or its expectation.</summary>
    private static bool IsStuck(SagaSnapshot s, DateTimeOffset at) =>
        s.IsParked || (!s.IsFinal && ((s.Deadline is { } d && d.DueAt <= at) || (s.ExpectedBy is { } expected && expected <= at)));

    /// <summary>Whether a row with order key <paramref name="key"/> comes strictly after <paramref name="cursor"/>: key and id descending, then type ascending.</summary>
    private static bool IsAfter(DateTimeOffset key, SagaSnapshot s, SagaQueryCursor cursor) =>
        key < cursor.At
        || (key == cursor.At
            && (s.SagaId.CompareTo(cursor.SagaId) < 0
                || (s.SagaId == cursor.SagaId && string.CompareOrdinal(s.SagaType, cursor.SagaType) > 0)));
}
