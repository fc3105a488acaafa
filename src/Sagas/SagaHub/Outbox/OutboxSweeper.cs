using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub;

internal sealed class OutboxSweeper(
    ISagaOutboxStore store,
    OutboxDispatcher dispatcher,
    IBus bus,
    TimeProvider time,
    IOptions<SagaHubOptions> options,
    ILogger<OutboxSweeper> logger) : IOutboxSweeper
{
    public async Task<int> SweepAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            // Claimed: the sweeps of other hosts pass these rows over until the store's lease runs out.
            var rows = await store.ClaimUndispatchedAsync(time.GetUtcNow() - (olderThan ?? options.Value.OutboxSweepAge), 200, cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                break;
            }

            var sent = 0;
            try
            {
                sent = await dispatcher.DispatchAsync(rows, bus, bus, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (sent < rows.Count)
                {
                    // Not sent (a failed send stops the batch): released at once, so the next pass retries them.
                    await store.ReleaseUndispatchedAsync([.. rows.Skip(sent).Select(r => r.Message.MessageId)], CancellationToken.None).ConfigureAwait(false);
                }
            }

            total += sent;
            if (sent < rows.Count)
            {
                break;
            }
        }

        if (total > 0)
        {
            Log.Swept(logger, total);
        }

        return total;
    }
}
