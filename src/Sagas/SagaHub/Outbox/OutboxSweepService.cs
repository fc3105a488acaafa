using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub;

internal sealed class OutboxSweepService(IOutboxSweeper sweeper, TimeProvider time, IOptions<SagaHubOptions> options, ILogger<OutboxSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.OutboxSweepInterval, time, stoppingToken).ConfigureAwait(false);
                await sweeper.SweepAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.BackgroundFailed(logger, ex, "outbox sweep");
            }
        }
    }
}
