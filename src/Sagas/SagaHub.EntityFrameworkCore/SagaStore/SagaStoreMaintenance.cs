using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SagaHub.EntityFrameworkCore;

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
