using MassTransit;

namespace SagaHub;

/// <summary>
/// Hands one outbox row to MassTransit as every SagaHub dispatcher does (the saga runtime's, the service inbox's, both
/// sweeps): with the row's message id, the saga (or source) id as correlation id and a header naming the source.
/// </summary>
public static class OutboxMessageSender
{
    /// <summary>Header naming the saga (or service consumer) that produced a message.</summary>
    internal const string SourceHeader = "SagaHub-Saga";

    /// <summary>
    /// Sends the row to its queue, or publishes it when it has no destination; a hand-over that has not finished within
    /// <paramref name="timeout"/> fails with <see cref="TimeoutException"/> and the row stays in the outbox for the sweep.
    /// </summary>
    /// <param name="entry">The row.</param>
    /// <param name="sender">Resolves the destination queue (a consume context or the bus).</param>
    /// <param name="publisher">Publishes events (a consume context or the bus).</param>
    /// <param name="timeout">How long the hand-over may take (<see cref="SagaHubOptions.DispatchTimeout"/>).</param>
    /// <param name="time">The clock the timeout runs on.</param>
    /// <param name="cancellationToken">Cancels the send.</param>
    /// <returns>A task that completes when the bus has taken the message.</returns>
    /// <exception cref="TimeoutException">The hand-over did not finish within <paramref name="timeout"/>.</exception>
    public static async Task SendAsync(OutboxEntry entry, ISendEndpointProvider sender, IPublishEndpoint publisher, TimeSpan timeout, TimeProvider time, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(publisher);
        ArgumentNullException.ThrowIfNull(time);
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
        context.Headers.Set(SourceHeader, entry.SagaType);
    }
}
