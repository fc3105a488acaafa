namespace SagaHub;

/// <summary>The store's read side for people and tools: a saga's history, and saga rows by type, state, age and overdue deadline.</summary>
public interface ISagaQueryStore
{
    /// <summary>A saga's history, in sequence order.</summary>
    /// <param name="sagaType">The saga definition's name.</param>
    /// <param name="sagaId">The correlation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows.</returns>
    ValueTask<IReadOnlyList<SagaHistoryEntry>> GetHistoryAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default);

    /// <summary>Lists saga rows by type, state, age and "stuck" (past deadline).</summary>
    /// <param name="query">The filter.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// Matching rows, most recently changed first: by <see cref="SagaSnapshot.UpdatedAt"/> descending, then
    /// <see cref="SagaSnapshot.SagaId"/> descending, then <see cref="SagaSnapshot.SagaType"/>, so the order is stable
    /// and <see cref="SagaQuery.Limit"/> keeps the newest rows.
    /// </returns>
    ValueTask<IReadOnlyList<SagaSnapshot>> QueryAsync(SagaQuery query, CancellationToken cancellationToken = default);
}
