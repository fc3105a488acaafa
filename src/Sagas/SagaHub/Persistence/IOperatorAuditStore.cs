namespace SagaHub;

/// <summary>The operator audit: append-only entries for actions that are not on one saga (dead-letter replays and deletes).</summary>
public interface IOperatorAuditStore
{
    /// <summary>Appends an entry, durably, in its own transaction.</summary>
    /// <param name="entry">The entry; its <see cref="OperatorAuditEntry.Id"/> is new, its <see cref="OperatorAuditEntry.Sequence"/> is ignored (the store gives it).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes once the entry is stored.</returns>
    ValueTask AppendAuditAsync(OperatorAuditEntry entry, CancellationToken cancellationToken = default);

    /// <summary>Lists entries newest first: in reverse append order (<see cref="OperatorAuditEntry.Sequence"/> descending).</summary>
    /// <param name="query">The action filter, cursor and limit.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>At most <see cref="OperatorAuditQuery.Limit"/> entries.</returns>
    ValueTask<IReadOnlyList<OperatorAuditEntry>> ListAuditAsync(OperatorAuditQuery query, CancellationToken cancellationToken = default);
}
