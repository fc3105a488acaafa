namespace SagaHub;

/// <summary>Delivers outbox rows that a crash (or a failed dispatch) left behind.</summary>
public interface IOutboxSweeper
{
    /// <summary>Dispatches every undispatched outbox row older than the sweep age.</summary>
    /// <param name="olderThan">Override of the minimum age (zero takes every row).</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>How many rows were delivered.</returns>
    Task<int> SweepAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default);
}
