using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// A service's outbox sweep: claims rows (<see cref="ServiceOutboxOptions.OutboxClaimLease"/>) so the sweeps of other
/// hosts pass them over, sends them, deletes what went out, releases what did not and parks rows whose type does not load.
/// </summary>
internal sealed class ServiceOutboxSweeper<TDbContext>(IServiceScopeFactory scopes, IBus bus, TimeProvider time, ServiceOutboxOptions options, ServiceOutboxDeletes<TDbContext> deletes, DispatchHealth health, ILogger<ServiceOutboxSweeper<TDbContext>> logger, SagaMetrics metrics) : IServiceOutboxSweeper<TDbContext>
    where TDbContext : DbContext
{
    public async Task<int> SweepAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            var now = time.GetUtcNow();
            var before = now - (olderThan ?? options.SweepAge);
            var dispatched = deletes.Queued(); // handed to the bus, delete still queued: not left behind
            var claimed = await OutboxClaims.ClaimAsync(db, now, options.OutboxClaimLease, before, 200, [.. dispatched], cancellationToken).ConfigureAwait(false);
            if (claimed.Count == 0)
            {
                return total;
            }

            var rows = await OutboxClaims.ConvertOrParkAsync(db, claimed, now, typeof(TDbContext).Name, metrics, logger, cancellationToken).ConfigureAwait(false);
            List<Guid> delivered = [];
            try
            {
                delivered = await ServiceOutboxDispatch.DispatchAsync([.. rows.Select(r => r.Row)], bus, bus, options.DispatchTimeout, time, health, logger, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (delivered.Count > 0)
                {
                    // Recovery, rare: one statement per pass of its own rather than the queue.
                    await ServiceOutboxDeletes<TDbContext>.DeleteNowAsync(db, delivered, CancellationToken.None).ConfigureAwait(false);
                }

                if (delivered.Count < rows.Count)
                {
                    // Not sent (a failed send stops the batch): released at once, so the next pass retries them.
                    await OutboxClaims.ReleaseAsync(db, [.. rows.Skip(delivered.Count).Select(r => r.Row.MessageId)], CancellationToken.None).ConfigureAwait(false);
                }
            }

            total += delivered.Count;
            if (delivered.Count < rows.Count)
            {
                return total;
            }
        }
    }

    public async Task<int> CleanInboxAsync(CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
        var before = time.GetUtcNow() - options.InboxRetention;
        return await db.Set<InboxMessage>().Where(i => i.ReceivedAt < before).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
