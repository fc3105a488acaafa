using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Settings of a service's inbox and outbox.</summary>
public sealed class ServiceOutboxOptions
{
    /// <summary>How often the sweep looks for outbox rows a crash left undelivered.</summary>
    /// <value>Defaults to 5 s.</value>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How old a row must be before the sweep takes it (fresh rows belong to their writer).</summary>
    /// <value>Defaults to 10 s.</value>
    public TimeSpan SweepAge { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long inbox rows are kept.</summary>
    /// <value>Defaults to 7 days.</value>
    public TimeSpan InboxRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How long dispatched outbox rows may wait for a consumer's transaction to delete them (every
    /// <see cref="TransactionalInbox{TDbContext}.RunAsync{TMessage}"/> takes the waiting ids into its own
    /// transaction); when none comes in this time they are deleted in a statement of their own. Measured
    /// on the system clock, not the injected <see cref="TimeProvider"/>.
    /// </summary>
    /// <value>Defaults to 200 ms.</value>
    public TimeSpan OutboxDeleteDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// How many dispatched outbox rows one consumer's transaction deletes at most; when more wait, they
    /// are deleted at once in a statement of their own.
    /// </summary>
    /// <value>Defaults to 1,000.</value>
    public int OutboxDeleteThreshold { get; set; } = 1_000;

    /// <summary>
    /// How long a sweep holds the outbox rows it took (other hosts' sweeps pass them over meanwhile); a crashed
    /// host's claim runs out after this. Measured on the injected <see cref="TimeProvider"/>. Rows a dispatch
    /// failed to send are released at once.
    /// </summary>
    /// <value>Defaults to 30 s.</value>
    public TimeSpan OutboxClaimLease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long handing one outbox message to the bus may take before the dispatch counts as failed and the row is
    /// left for the sweep: a send on a broker connection that never recovers would otherwise wait for ever.
    /// Measured on the injected <see cref="TimeProvider"/>.
    /// </summary>
    /// <value>Defaults to 10 s.</value>
    public TimeSpan DispatchTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The name these options have for <typeparamref name="TDbContext"/>'s inbox (named options): change them
    /// after <see cref="ServiceOutboxExtensions.AddSagaHubInbox{TDbContext}"/> with
    /// <c>services.Configure&lt;ServiceOutboxOptions&gt;(ServiceOutboxOptions.NameFor&lt;TDbContext&gt;(), o =&gt; …)</c>.
    /// </summary>
    /// <typeparam name="TDbContext">The service's context.</typeparam>
    /// <returns>The options name: the context's full type name.</returns>
    public static string NameFor<TDbContext>()
        where TDbContext : DbContext => typeof(TDbContext).FullName ?? typeof(TDbContext).Name;

    /// <summary>Throws a clear error for settings that cannot work.</summary>
    /// <exception cref="SagaConfigurationException">A setting is out of range; the message names it.</exception>
    public void Validate()
    {
        var errors = new List<string>();
        if (SweepInterval <= TimeSpan.Zero)
        {
            errors.Add("SweepInterval must be positive.");
        }

        if (SweepAge < TimeSpan.Zero)
        {
            errors.Add("SweepAge must not be negative.");
        }

        if (InboxRetention <= TimeSpan.Zero)
        {
            errors.Add("InboxRetention must be positive.");
        }

        if (OutboxDeleteDelay <= TimeSpan.Zero)
        {
            errors.Add("OutboxDeleteDelay must be positive.");
        }

        if (OutboxDeleteThreshold is < 1 or > 100_000)
        {
            errors.Add("OutboxDeleteThreshold must be between 1 and 100000.");
        }

        if (OutboxClaimLease <= TimeSpan.Zero)
        {
            errors.Add("OutboxClaimLease must be positive.");
        }

        if (DispatchTimeout <= TimeSpan.Zero)
        {
            errors.Add("DispatchTimeout must be positive.");
        }

        if (errors.Count > 0)
        {
            throw new SagaConfigurationException("Service outbox options: " + string.Join(" ", errors));
        }
    }
}

/// <summary>Registers the inbox and outbox of a plain service on its own context.</summary>
public static class ServiceOutboxExtensions
{
    /// <summary>
    /// Adds <see cref="TransactionalInbox{TDbContext}"/> (scoped), the queue of dispatched outbox rows waiting for
    /// their delete (<see cref="ServiceOutboxDeletes{TDbContext}"/>, a singleton) and a background sweep that delivers
    /// outbox rows left behind by a crash, deletes inbox rows past their retention and, when the host stops, the
    /// queued outbox rows. Register <typeparamref name="TDbContext"/> itself (e.g. <c>AddDbContext</c>) and map the
    /// tables with <see cref="SagaHubTables.MapInboxAndOutbox"/>. The settings are the named options
    /// <see cref="ServiceOutboxOptions.NameFor{TDbContext}"/>.
    /// </summary>
    /// <typeparam name="TDbContext">The service's context.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Optional settings.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSagaHubInbox<TDbContext>(this IServiceCollection services, Action<ServiceOutboxOptions>? configure = null)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        var name = ServiceOutboxOptions.NameFor<TDbContext>();
        var options = services.AddOptions<ServiceOutboxOptions>(name);
        if (configure is not null)
        {
            options.Configure(configure);
        }

        static ServiceOutboxOptions Options(IServiceProvider sp) => sp.GetRequiredService<IOptionsMonitor<ServiceOutboxOptions>>().Get(ServiceOutboxOptions.NameFor<TDbContext>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<TransactionalInbox<TDbContext>>();
        services.AddSingleton(sp => new ServiceOutboxDeletes<TDbContext>(sp.GetRequiredService<IServiceScopeFactory>(), Options(sp), sp.GetRequiredService<ILogger<ServiceOutboxDeletes<TDbContext>>>()));
        services.AddSingleton<IServiceOutboxSweeper<TDbContext>>(sp => ActivatorUtilities.CreateInstance<ServiceOutboxSweeper<TDbContext>>(sp, Options(sp)));
        services.AddHostedService(sp => new ServiceOutboxSweepService<TDbContext>(
            sp.GetRequiredService<IServiceOutboxSweeper<TDbContext>>(),
            sp.GetRequiredService<ServiceOutboxDeletes<TDbContext>>(),
            Options(sp),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<ServiceOutboxSweeper<TDbContext>>>()));
        return services;
    }
}

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

/// <summary>
/// A service's outbox sweep: claims rows (<see cref="ServiceOutboxOptions.OutboxClaimLease"/>) so the sweeps of other
/// hosts pass them over, sends them, deletes what went out, releases what did not and parks rows whose type does not load.
/// </summary>
internal sealed class ServiceOutboxSweeper<TDbContext>(IServiceScopeFactory scopes, IBus bus, TimeProvider time, ServiceOutboxOptions options, ServiceOutboxDeletes<TDbContext> deletes, ILogger<ServiceOutboxSweeper<TDbContext>> logger, SagaMetrics? metrics = null) : IServiceOutboxSweeper<TDbContext>
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

            var rows = await OutboxClaims.ConvertOrParkAsync(db, claimed, now, typeof(TDbContext).Name, metrics ?? SagaMetrics.Shared, logger, cancellationToken).ConfigureAwait(false);
            List<Guid> delivered = [];
            try
            {
                delivered = await TransactionalInbox<TDbContext>.DispatchAsync([.. rows.Select(r => r.Row)], bus, bus, options.DispatchTimeout, time, logger, cancellationToken).ConfigureAwait(false);
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
