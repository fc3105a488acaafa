using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace SagaHub;

/// <summary>Something that must be ready before any receive endpoint consumes: a schema applied, a store reachable.</summary>
public interface IStartupCheck
{
    /// <summary>What is checked, for logs (never a secret), e.g. <c>schema of inventory</c>.</summary>
    string Name { get; }

    /// <summary>Returns when ready; throws when not.</summary>
    /// <param name="cancellationToken">Cancels the check (the host's start was cancelled).</param>
    /// <returns>A task.</returns>
    Task CheckAsync(CancellationToken cancellationToken);
}

/// <summary>
/// How long a host waits at start for its <see cref="IStartupCheck"/>s: <c>services.Configure&lt;StartupCheckOptions&gt;(…)</c>;
/// hosts built on SagaHub's service defaults bind it from the section <c>SagaHub:Startup</c>.
/// </summary>
public sealed class StartupCheckOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "SagaHub:Startup";

    /// <summary>How long a check may keep failing with an infrastructure failure before the host gives up starting.</summary>
    /// <value>Defaults to 2 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first wait between two tries; each next wait doubles, up to <see cref="MaxDelay"/>.</summary>
    /// <value>Defaults to 250 ms.</value>
    public TimeSpan MinDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The longest wait between two tries.</summary>
    /// <value>Defaults to 5 s.</value>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(5);
}

/// <summary>Registers <see cref="IStartupCheck"/>s, run before the host starts its bus.</summary>
public static class StartupCheckExtensions
{
    /// <summary>
    /// Adds a check the host runs when it starts, before every other hosted service — the bus and its receive endpoints
    /// included — whatever order the registrations were made in. An infrastructure failure
    /// (<see cref="RetryConfigurationExtensions.IsTransient"/>: the database restarting, refusing connections, a socket
    /// error) is tried again with growing waits for up to <see cref="StartupCheckOptions.Timeout"/>; any other failure,
    /// or the timeout, fails the host's start before a single message was taken off a queue.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="check">Creates the check from the container.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddStartupCheck(this IServiceCollection services, Func<IServiceProvider, IStartupCheck> check)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(check);
        services.AddSingleton(check);
        if (!services.Any(d => d.ServiceType == typeof(StartupCheckRunner)))
        {
            services.AddOptions<StartupCheckOptions>()
                .Validate(o => o.Timeout >= TimeSpan.Zero && o.MinDelay > TimeSpan.Zero && o.MaxDelay >= o.MinDelay, "SagaHub:Startup: Timeout must be 0 or more, MinDelay positive and MaxDelay at least MinDelay.");
            services.TryAddSingleton(TimeProvider.System);
            services.AddSingleton<StartupCheckRunner>();

            // Hosted services start in registration order: first of all, so nothing consumes before the checks pass.
            services.Insert(0, ServiceDescriptor.Singleton<IHostedService>(sp => sp.GetRequiredService<StartupCheckRunner>()));
        }

        return services;
    }
}

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
