using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub;

/// <summary>Hands outbox rows to MassTransit in order, with their message ids preserved, then marks them dispatched.</summary>
internal sealed class OutboxDispatcher(ISagaOutboxStore store, TimeProvider time, IOptions<SagaHubOptions> options, DispatchHealth health, ILogger<OutboxDispatcher> logger)
{
    /// <summary>Dispatches in order; stops at the first failure and leaves it (and the rest) for the sweep.</summary>
    public async Task<int> DispatchAsync(IReadOnlyList<OutboxEntry> entries, ISendEndpointProvider sender, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var done = new List<Guid>(entries.Count);
        try
        {
            foreach (var entry in entries)
            {
                try
                {
                    await OutboxMessageSender.SendAsync(entry, sender, publisher, options.Value.DispatchTimeout, time, cancellationToken).ConfigureAwait(false);
                    health.Succeeded(DispatchHealth.Route(sender, entry.Message.Destination, entry.Message.MessageType.FullName!));
                    done.Add(entry.Message.MessageId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    health.Failed(time.GetUtcNow(), DispatchHealth.Route(sender, entry.Message.Destination, entry.Message.MessageType.FullName!));
                    Log.DispatchFailed(logger, ex, entry.Message.MessageId, entry.Message.MessageType.Name, entry.SagaType, entry.SagaId);
                    break;
                }
            }
        }
        finally
        {
            if (done.Count > 0)
            {
                await store.MarkDispatchedAsync(done, time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            }
        }

        return done.Count;
    }
}
