namespace SagaHub;

/// <summary>The store's read side for people and tools: a saga's history, saga rows by filter with paging, and counts per state.</summary>
public interface ISagaQueryStore
{
    /// <summary>A saga's history, in sequence order.</summary>
    /// <param name="sagaType">The saga definition's name.</param>
    /// <param name="sagaId">The correlation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows.</returns>
    ValueTask<IReadOnlyList<SagaHistoryEntry>> GetHistoryAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default);

    /// <summary>Lists saga rows that match every filter of <paramref name="query"/>, in its order, after its cursor.</summary>
    /// <param name="query">The filter, order, cursor and limit.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// At most <see cref="SagaQuery.Limit"/> matching rows in <see cref="SagaQuery.Order"/>: the order key
    /// (<see cref="SagaSnapshot.UpdatedAt"/> or <see cref="SagaSnapshot.CreatedAt"/>) descending, then
    /// <see cref="SagaSnapshot.SagaId"/> descending, then <see cref="SagaSnapshot.SagaType"/>, so the order is stable
    /// and the limit keeps the newest rows; with <see cref="SagaQuery.After"/>, only the rows strictly after the cursor.
    /// </returns>
    ValueTask<IReadOnlyList<SagaSnapshot>> QueryAsync(SagaQuery query, CancellationToken cancellationToken = default);

    /// <summary>Counts the sagas per saga type and state, with how many of them are past their deadline at <paramref name="at"/>.</summary>
    /// <param name="at">The time against which deadlines count as overdue (a deadline due at or before it); final sagas are never overdue.</param>
    /// <param name="sagaType">Only this saga type; null for every type.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One row per saga type, state, final and parked flag that has sagas, ordered by saga type, then state.</returns>
    ValueTask<IReadOnlyList<SagaStateCount>> CountAsync(DateTimeOffset at, string? sagaType = null, CancellationToken cancellationToken = default);
}
