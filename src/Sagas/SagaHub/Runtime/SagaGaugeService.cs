using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub;

/// <summary>Reads the operator gauges from the store every <see cref="SagaHubOptions.GaugeRefreshInterval"/>.</summary>
internal sealed class SagaGaugeService(ISagaQueryStore queries, ISagaOutboxStore outbox, SagaMetrics metrics, TimeProvider time, IOptions<SagaHubOptions> options, ILogger<SagaGaugeService> logger) : BackgroundService
{
    /// <summary>The outbox rows counted at most.</summary>
    public const int OutboxCountLimit = 10_000;

    /// <summary>Reads the store once and updates the gauges.</summary>
    public async Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var counts = await queries.CountAsync(now, null, cancellationToken).ConfigureAwait(false);
        var rows = await outbox.GetUndispatchedAsync(now, OutboxCountLimit, cancellationToken).ConfigureAwait(false);
        metrics.Gauges.Update(counts, rows.Count, rows.Count == 0 ? null : rows.Min(r => r.CreatedAt), now);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.GaugeRefreshInterval, time);
        do
        {
            try
            {
                await RefreshAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.GaugesFailed(logger, e.GetType().Name, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
