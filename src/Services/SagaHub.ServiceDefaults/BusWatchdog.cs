using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SagaHub.ServiceDefaults;

/// <summary>
/// Stops the process when its bus is stuck: this process's outbox dispatch has failed for <see cref="BusOptions.StuckAfter"/>
/// with no success in between (<see cref="DispatchHealth"/>). The exit code is <see cref="StuckExitCode"/>, for the
/// supervisor to start a fresh process; the messages it could not send stay in its outbox, and the new process's sweep
/// sends them. Off with <c>Bus:ExitWhenStuck=false</c>; the <c>bus-dispatch</c> health check reports it either way.
/// </summary>
/// <param name="health">The dispatch health this process reports to.</param>
/// <param name="configuration">Where <c>Bus:StuckAfter</c> and <c>Bus:ExitWhenStuck</c> are read.</param>
/// <param name="lifetime">Stopped when the bus is stuck.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">Where the stop is logged (critical).</param>
public sealed class BusWatchdog(DispatchHealth health, IConfiguration configuration, IHostApplicationLifetime lifetime, TimeProvider time, ILogger<BusWatchdog> logger) : BackgroundService
{
    /// <summary>The exit code of a process stopped because its bus was stuck (EX_SOFTWARE).</summary>
    public const int StuckExitCode = 70;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var options = BusOptions.FromConfiguration(configuration);
        if (!options.ExitWhenStuck)
        {
            return;
        }

        var every = TimeSpan.FromTicks(Math.Clamp(options.StuckAfter.Ticks / 4, TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(5).Ticks));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(every, time, stoppingToken).ConfigureAwait(false);
                if (health.StuckSince(time.GetUtcNow(), options.StuckAfter) is { } since)
                {
                    logger.BusStuck(since, health.FailuresSinceSuccess, StuckExitCode);
                    Environment.ExitCode = StuckExitCode;
                    lifetime.StopApplication();
                    return;
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}

/// <summary>The <c>bus-dispatch</c> health check: Unhealthy while <see cref="DispatchHealth"/> says the bus is stuck.</summary>
/// <param name="health">The dispatch health this process reports to.</param>
/// <param name="configuration">Where <c>Bus:StuckAfter</c> is read.</param>
/// <param name="time">The clock.</param>
internal sealed class BusDispatchHealthCheck(DispatchHealth health, IConfiguration configuration, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var after = BusOptions.FromConfiguration(configuration).StuckAfter;
        return Task.FromResult(health.StuckSince(time.GetUtcNow(), after) is { } since
            ? new HealthCheckResult(context.Registration.FailureStatus, $"No message could be dispatched since {since:O} ({health.FailuresSinceSuccess} failures).")
            : HealthCheckResult.Healthy(health.FailuresSinceSuccess == 0 ? "Dispatching." : $"{health.FailuresSinceSuccess} dispatch failures since the last success."));
    }
}
