using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub;

internal sealed class SagaTimerService(ISagaTimers timers, TimeProvider time, IOptions<SagaHubOptions> options, ILogger<SagaTimerService> logger, SagaTimerSignal? signal = null) : BackgroundService
{
    /// <summary>The shortest sleep between passes, so a deadline claimed elsewhere but not yet handled cannot make the loop spin.</summary>
    internal static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sleep = options.Value.TimerPollInterval;
            try
            {
                signal?.PassStarting();
                await timers.FireDueAsync(stoppingToken).ConfigureAwait(false);
                if (await timers.NextDueAsync(stoppingToken).ConfigureAwait(false) is { } next)
                {
                    var untilDue = next - time.GetUtcNow();
                    sleep = untilDue < MinimumSleep ? MinimumSleep : untilDue < sleep ? untilDue : sleep;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.BackgroundFailed(logger, ex, "timer");
            }

            try
            {
                await SleepAsync(sleep, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sleeps until the time is up, or until this host sets a deadline that comes due sooner.</summary>
    private async Task SleepAsync(TimeSpan sleep, CancellationToken stoppingToken)
    {
        if (signal is null)
        {
            await Task.Delay(sleep, time, stoppingToken).ConfigureAwait(false);
            return;
        }

        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            // WhenAny never throws; the task that loses is cancelled below.
            await Task.WhenAny(signal.WaitAsync(time.GetUtcNow() + sleep, wake.Token), Task.Delay(sleep, time, wake.Token)).ConfigureAwait(false);
        }
        finally
        {
            await wake.CancelAsync().ConfigureAwait(false);
        }

        stoppingToken.ThrowIfCancellationRequested();
    }
}
