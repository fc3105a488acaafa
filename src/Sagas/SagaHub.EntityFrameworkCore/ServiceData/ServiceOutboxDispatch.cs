using MassTransit;
using Microsoft.Extensions.Logging;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Hands a service's outbox rows to the bus: the inline dispatch after a consumer's commit and the sweep's.</summary>
internal static partial class ServiceOutboxDispatch
{
    /// <summary>Sends rows in order; stops at the first failure (the sweep retries).</summary>
    /// <returns>The message ids of the rows handed to the bus.</returns>
    public static async Task<List<Guid>> DispatchAsync(IReadOnlyList<OutboxMessage> rows, ISendEndpointProvider sender, IPublishEndpoint publisher, TimeSpan timeout, TimeProvider time, DispatchHealth health, ILogger logger, CancellationToken cancellationToken)
    {
        var delivered = new List<Guid>(rows.Count);
        foreach (var row in rows)
        {
            try
            {
                var entry = new OutboxEntry(row.Source, row.CorrelationId, OutboxMessages.ToOutgoing(row), row.CreatedAt);
                await OutboxMessageSender.SendAsync(entry, sender, publisher, timeout, time, cancellationToken).ConfigureAwait(false);
                health.Succeeded(DispatchHealth.Route(sender, row.Destination, row.MessageType));
                delivered.Add(row.MessageId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                health.Failed(time.GetUtcNow(), DispatchHealth.Route(sender, row.Destination, row.MessageType));
                LogDispatchFailed(logger, ex, row.MessageId, row.MessageType, row.Source);
                break;
            }
        }

        return delivered;
    }

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Could not dispatch outbox message {MessageId} ({MessageType}) of '{Source}'; the outbox sweep will retry")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, Guid messageId, string messageType, string source);
}
