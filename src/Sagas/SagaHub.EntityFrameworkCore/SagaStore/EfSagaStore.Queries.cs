using Microsoft.EntityFrameworkCore;
using static SagaHub.EntityFrameworkCore.SagaRowMapping;

namespace SagaHub.EntityFrameworkCore;

/// <summary>The read side: a saga's history, and saga rows by filter, most recently changed first.</summary>
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

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SagaSnapshot>> QueryAsync(SagaQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = context.Sagas.AsQueryable();
        if (query.SagaType is { } type)
        {
            rows = rows.Where(s => s.SagaType == type);
        }

        if (query.State is { } state)
        {
            rows = rows.Where(s => s.State == state);
        }

        if (!query.IncludeFinal)
        {
            rows = rows.Where(s => !s.IsFinal);
        }

        if (query.StartedBefore is { } before)
        {
            rows = rows.Where(s => s.CreatedAt <= before);
        }

        if (query.OverdueAt is { } overdue)
        {
            rows = rows.Where(s => s.DeadlineDueAt != null && s.DeadlineDueAt <= overdue);
        }

        var list = await rows.OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.SagaId).ThenBy(s => s.SagaType).Take(query.Limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. list.Select(ToSnapshot)];
    }
}
