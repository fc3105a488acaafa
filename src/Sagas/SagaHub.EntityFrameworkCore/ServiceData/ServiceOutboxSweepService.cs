using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SagaHub.EntityFrameworkCore;

internal sealed partial class ServiceOutboxSweepService<TDbContext>(IServiceOutboxSweeper<TDbContext> sweeper, ServiceOutboxDeletes<TDbContext> deletes, ServiceOutboxOptions options, TimeProvider time, ILogger logger) : BackgroundService
    where TDbContext : DbContext
{
    /// <summary>Stops the sweep, then deletes the dispatched outbox rows still queued (later ones are deleted at once).</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await deletes.FlushAsync().ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var passes = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.SweepInterval, time, stoppingToken).ConfigureAwait(false);
                var sent = await sweeper.SweepAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
                if (sent > 0)
                {
                    LogSwept(logger, sent, typeof(TDbContext).Name);
                }

                if (++passes % 60 == 0)
                {
                    await sweeper.CleanInboxAsync(stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex, typeof(TDbContext).Name);
            }
        }
    }

    [LoggerMessage(EventId = 3210, Level = LogLevel.Information, Message = "Outbox sweep delivered {Count} messages of {Context}")]
    private static partial void LogSwept(ILogger logger, int count, string context);

    [LoggerMessage(EventId = 3211, Level = LogLevel.Warning, Message = "Outbox sweep of {Context} failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception, string context);
}
