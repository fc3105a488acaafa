using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SagaHub;

/// <summary>Runs every <see cref="IStartupCheck"/> once, when the host starts.</summary>
internal sealed partial class StartupCheckRunner(IEnumerable<IStartupCheck> checks, IOptions<StartupCheckOptions> options, TimeProvider time, ILogger<StartupCheckRunner>? logger = null) : IHostedService
{
    private readonly ILogger log = (ILogger?)logger ?? NullLogger.Instance;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var check in checks)
        {
            await RunAsync(check, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task RunAsync(IStartupCheck check, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var started = time.GetTimestamp();
        var delay = settings.MinDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await check.CheckAsync(cancellationToken).ConfigureAwait(false);
                if (attempt > 1)
                {
                    LogReady(log, check.Name, attempt, time.GetElapsedTime(started).TotalSeconds);
                }

                return;
            }
            catch (Exception ex) when (RetryConfigurationExtensions.IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                // EF Core wraps the cause ("likely due to a transient failure"): name the innermost one (e.g. 53300).
                var cause = ex.GetBaseException();
                var elapsed = time.GetElapsedTime(started);
                if (elapsed + delay > settings.Timeout)
                {
                    throw new SagaConfigurationException(
                        $"The host did not start: {check.Name} was still not ready after {elapsed.TotalSeconds:0.#} s and {attempt} tries " +
                        $"(SagaHub:Startup:Timeout is {settings.Timeout}): {cause.GetType().Name}: {cause.Message}",
                        ex);
                }

                LogWaiting(log, check.Name, attempt, cause.GetType().Name, cause.Message, delay.TotalMilliseconds);
                await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(settings.MaxDelay.Ticks, delay.Ticks * 2));
            }
        }
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "Start-up: {Check} is not ready (try {Attempt}, {ExceptionType}: {Reason}); nothing is consumed until it is; next try in {DelayMs} ms")]
    private static partial void LogWaiting(ILogger logger, string check, int attempt, string exceptionType, string reason, double delayMs);

    [LoggerMessage(EventId = 21, Level = LogLevel.Information, Message = "Start-up: {Check} is ready after {Attempt} tries ({Seconds:0.#} s)")]
    private static partial void LogReady(ILogger logger, string check, int attempt, double seconds);
}
