using Microsoft.EntityFrameworkCore;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Delivers a service's outbox rows that a crash (or a failed dispatch) left behind.</summary>
/// <typeparam name="TDbContext">The service's context.</typeparam>
public interface IServiceOutboxSweeper<TDbContext>
    where TDbContext : DbContext
{
    /// <summary>Delivers every outbox row at least <paramref name="olderThan"/> old (default: the configured sweep age).</summary>
    /// <param name="olderThan">The minimum age; zero takes every row.</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>How many rows were delivered.</returns>
    Task<int> SweepAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes inbox rows older than the retention.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many were deleted.</returns>
    Task<int> CleanInboxAsync(CancellationToken cancellationToken = default);
}
