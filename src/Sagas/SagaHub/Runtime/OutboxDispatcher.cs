using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub;

/// <summary>Hands outbox rows to MassTransit in order, with their message ids preserved, then marks them dispatched.</summary>
internal sealed class OutboxDispatcher(ISagaStore store, TimeProvider time, IOptions<SagaHubOptions> options, ILogger<OutboxDispatcher> logger)
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
                    await SendOne(entry, sender, publisher, options.Value.DispatchTimeout, time, cancellationToken).ConfigureAwait(false);
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

    /// <summary>Sends one row with this dispatcher's timeout, without marking it (for a store that keeps no outbox row).</summary>
    public Task SendAsync(OutboxEntry entry, IBus bus, CancellationToken cancellationToken) =>
        SendOne(entry, bus, bus, options.Value.DispatchTimeout, time, cancellationToken);

    /// <summary>
    /// Sends or publishes one row with its message id, correlation id and source header; a hand-over that has not
    /// finished within <paramref name="timeout"/> fails with <see cref="TimeoutException"/> (the row stays for the sweep).
    /// </summary>
    internal static async Task SendOne(OutboxEntry entry, ISendEndpointProvider sender, IPublishEndpoint publisher, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken)
    {
        var message = entry.Message;
        try
        {
            await Hand(entry, sender, publisher, cancellationToken).WaitAsync(timeout, time, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            // The send may still finish later: a second copy with the same message id, which the receiver's inbox drops.
            throw new TimeoutException(
                $"Handing {message.MessageType.Name} {message.MessageId} to the bus did not finish within {timeout.TotalSeconds:0.###} s (DispatchTimeout); it stays in the outbox for the sweep.", ex);
        }
    }

    private static async Task Hand(OutboxEntry entry, ISendEndpointProvider sender, IPublishEndpoint publisher, CancellationToken cancellationToken)
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
