using MassTransit;
using Microsoft.Extensions.Logging;

namespace SagaHub;

/// <summary>Hands outbox rows to MassTransit in order, with their message ids preserved, then marks them dispatched.</summary>
internal sealed class OutboxDispatcher(ISagaStore store, TimeProvider time, ILogger<OutboxDispatcher> logger)
{
    /// <summary>Header naming the saga that produced a message.</summary>
    public const string SagaHeader = "SagaHub-Saga";

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
                    await SendOne(entry, sender, publisher, cancellationToken).ConfigureAwait(false);
                    DispatchHealth.Shared.Succeeded(DispatchHealth.Route(sender, entry.Message.Destination, entry.Message.MessageType.FullName!));
                    done.Add(entry.Message.MessageId);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    DispatchHealth.Shared.Failed(time.GetUtcNow(), DispatchHealth.Route(sender, entry.Message.Destination, entry.Message.MessageType.FullName!));
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

    /// <summary>Sends or publishes one row with its message id, correlation id and source header.</summary>
    internal static async Task SendOne(OutboxEntry entry, ISendEndpointProvider sender, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var message = entry.Message;
        if (message.IsPublish)
        {
            await publisher.Publish(message.Message, message.MessageType, Pipe.Execute<PublishContext>(c => Stamp(c, entry)), cancellationToken).ConfigureAwait(false);
            return;
        }

        var endpoint = await sender.GetSendEndpoint(new Uri($"queue:{message.Destination}")).ConfigureAwait(false);
        await endpoint.Send(message.Message, message.MessageType, Pipe.Execute<SendContext>(c => Stamp(c, entry)), cancellationToken).ConfigureAwait(false);
    }

    private static void Stamp(SendContext context, OutboxEntry entry)
    {
        context.MessageId = entry.Message.MessageId;
        context.CorrelationId = entry.SagaId;
        context.Headers.Set(SagaHeader, entry.SagaType);
    }
}
