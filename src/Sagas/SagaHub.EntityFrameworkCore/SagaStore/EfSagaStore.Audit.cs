using Microsoft.EntityFrameworkCore;

namespace SagaHub.EntityFrameworkCore;

/// <summary>The operator audit: one row per entry in <c>operator_audit</c>, each appended in its own transaction, numbered by the database.</summary>
public sealed partial class EfSagaStore
{
    /// <inheritdoc />
    public async ValueTask AppendAuditAsync(OperatorAuditEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ObjectDisposedException.ThrowIf(disposed, this);
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        context.Audit.Add(new AuditRow
        {
            EntryId = entry.Id,
            RequestId = entry.RequestId,
            At = entry.At.ToUniversalTime(),
            Actor = entry.Actor,
            Reason = entry.Reason,
            Action = entry.Action,
            Target = entry.Target,
            Outcome = entry.Outcome,
            Summary = entry.Summary,
            Detail = entry.Detail,
        });
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<OperatorAuditEntry>> ListAuditAsync(OperatorAuditQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = context.Audit.AsNoTracking();
        if (query.Action is { } action)
        {
            rows = rows.Where(a => a.Action == action);
        }

        if (query.Before is { } before)
        {
            rows = rows.Where(a => a.Sequence < before);
        }

        var list = await rows.OrderByDescending(a => a.Sequence).Take(query.Limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. list.Select(a => new OperatorAuditEntry
        {
            Id = a.EntryId,
            Sequence = a.Sequence,
            RequestId = a.RequestId,
            At = a.At,
            Actor = a.Actor,
            Reason = a.Reason,
            Action = a.Action,
            Target = a.Target,
            Outcome = a.Outcome,
            Summary = a.Summary,
            Detail = a.Detail,
        })];
    }
}
