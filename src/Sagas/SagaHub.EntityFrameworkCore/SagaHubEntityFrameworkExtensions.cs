using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Chooses the EF Core store for a SagaHub host.</summary>
public static class SagaHubEntityFrameworkExtensions
{
    /// <summary>
    /// Keeps sagas in PostgreSQL or SQLite through <see cref="EfSagaStore"/>, and runs the store's
    /// maintenance (inbox retention) in the background. When the host starts, before its bus consumes a
    /// message, the schema is created or upgraded (unless <see cref="SagaStoreOptions.MigrateOnStart"/> is off:
    /// then the database is only reached), waiting out a database that is restarting or refusing connections
    /// (<see cref="StartupCheckOptions"/>).
    /// </summary>
    /// <param name="hub">The SagaHub builder.</param>
    /// <param name="configure">Sets the provider, connection string and schema.</param>
    /// <returns>The builder.</returns>
    /// <example><code>
    /// x.AddSagaHub(hub => hub
    ///     .AddSaga&lt;OrderSaga&gt;()
    ///     .UseEntityFrameworkStore(o => o.UsePostgreSql(connectionString).Schema = "orders"));
    /// </code></example>
    public static SagaHubBuilder UseEntityFrameworkStore(this SagaHubBuilder hub, Action<SagaStoreOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(hub);
        ArgumentNullException.ThrowIfNull(configure);
        var options = new SagaStoreOptions();
        configure(options);
        options.Validate();
        hub.Services.AddSingleton(options);
        hub.Services.AddSingleton(sp => new EfSagaStore(options, sp.GetService<TimeProvider>(), sp.GetService<ILogger<EfSagaStore>>(), sp.GetService<SagaMetrics>()));
        hub.UseStore<EfSagaStore>();
        hub.Services.AddStartupCheck(sp => new SagaStoreStartupCheck(sp.GetRequiredService<EfSagaStore>()));
        hub.Services.AddHostedService<SagaStoreMaintenance>();
        return hub;
    }
}

/// <summary>The store's start-up check: schema applied (or database reached) before the bus starts.</summary>
internal sealed class SagaStoreStartupCheck(EfSagaStore store) : IStartupCheck
{
    public string Name => $"saga store ({store})";

    public Task CheckAsync(CancellationToken cancellationToken) => store.EnsureReadyAsync(cancellationToken);
}

/// <summary>Deletes inbox rows past their retention, every <see cref="SagaStoreOptions.CleanupInterval"/>.</summary>
internal sealed partial class SagaStoreMaintenance(EfSagaStore store, SagaStoreOptions options, TimeProvider time, ILogger<SagaStoreMaintenance> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        LogStarted(logger, store.ToString());
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.CleanupInterval, time, stoppingToken).ConfigureAwait(false);
                var deleted = await store.DeleteInboxBeforeAsync(time.GetUtcNow() - options.InboxRetention, stoppingToken).ConfigureAwait(false);
                if (deleted > 0)
                {
                    LogInboxCleaned(logger, deleted);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Information, Message = "SagaHub store: {Store}")]
    private static partial void LogStarted(ILogger logger, string store);

    [LoggerMessage(EventId = 3101, Level = LogLevel.Information, Message = "Deleted {Count} inbox rows past their retention")]
    private static partial void LogInboxCleaned(ILogger logger, int count);

    [LoggerMessage(EventId = 3102, Level = LogLevel.Warning, Message = "SagaHub store maintenance failed; retrying at the next interval")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
