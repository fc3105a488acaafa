using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

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
}

/// <summary>Registers the inbox and outbox of a plain service on its own context.</summary>
public static class ServiceOutboxExtensions
{
    /// <summary>
    /// Adds <see cref="TransactionalInbox{TDbContext}"/> (scoped) and a background sweep that delivers
    /// outbox rows left behind by a crash and deletes inbox rows past their retention. Register
    /// <typeparamref name="TDbContext"/> itself (e.g. <c>AddDbContext</c>) and map the tables with
    /// <see cref="SagaHubTables.MapInboxAndOutbox"/>.
    /// </summary>
    /// <typeparam name="TDbContext">The service's context.</typeparam>
    /// <param name="services">The services.</param>
    /// <param name="configure">Optional settings.</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddSagaHubInbox<TDbContext>(this IServiceCollection services, Action<ServiceOutboxOptions>? configure = null)
        where TDbContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new ServiceOutboxOptions();
        configure?.Invoke(options);
        services.TryAddSingleton(TimeProvider.System);
        services.AddScoped<TransactionalInbox<TDbContext>>();
        services.AddSingleton<IServiceOutboxSweeper<TDbContext>>(sp => ActivatorUtilities.CreateInstance<ServiceOutboxSweeper<TDbContext>>(sp, options));
        services.AddHostedService(sp => new ServiceOutboxSweepService<TDbContext>(sp.GetRequiredService<IServiceOutboxSweeper<TDbContext>>(), options, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<ServiceOutboxSweeper<TDbContext>>>()));
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

internal sealed class ServiceOutboxSweeper<TDbContext>(IServiceScopeFactory scopes, IBus bus, TimeProvider time, ServiceOutboxOptions options, ILogger<ServiceOutboxSweeper<TDbContext>> logger) : IServiceOutboxSweeper<TDbContext>
    where TDbContext : DbContext
{
    public async Task<int> SweepAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<TDbContext>();
            var before = time.GetUtcNow() - (olderThan ?? options.SweepAge);
            var rows = await db.Set<OutboxMessage>().AsNoTracking().Where(o => o.CreatedAt <= before)
                .OrderBy(o => o.CreatedAt).ThenBy(o => o.MessageId).Take(200).ToListAsync(cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                return total;
            }

            var sent = await TransactionalInbox<TDbContext>.DispatchAsync(db, rows, bus, bus, logger, cancellationToken).ConfigureAwait(false);
            total += sent;
            if (sent < rows.Count)
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

internal sealed partial class ServiceOutboxSweepService<TDbContext>(IServiceOutboxSweeper<TDbContext> sweeper, ServiceOutboxOptions options, TimeProvider time, ILogger logger) : BackgroundService
    where TDbContext : DbContext
{
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
