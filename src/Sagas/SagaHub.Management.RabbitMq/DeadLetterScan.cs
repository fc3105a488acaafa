using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace SagaHub.Management.RabbitMq;

/// <summary>
/// One replay or delete over the dead-letter queues: takes each queue's messages without ack, acts on the chosen ones,
/// gives the others back; a replayed message is acked only once the broker has confirmed its copy in the source queue.
/// </summary>
/// <remarks>Not thread-safe; one per call. A message is never acked before what replaces it is confirmed, so a crash duplicates, never loses.</remarks>
internal sealed class DeadLetterScan(IConnection connection, RabbitMqDeadLetterOptions options, ISagaRegistry? registry, TimeProvider time, DeadLetterAudit? replay) : IAsyncDisposable
{
    private readonly List<DeadLetterOutcome> outcomes = [];

    private IChannel? publisher;

    /// <summary>What was done or failed, message by message, in the order met.</summary>
    public IReadOnlyList<DeadLetterOutcome> Outcomes => outcomes;

    /// <summary>The ids met and acted on (done or failed).</summary>
    public HashSet<string> Found { get; } = new(StringComparer.Ordinal);

    /// <summary>How many messages were replayed or deleted.</summary>
    public int Done { get; private set; }

    /// <summary>Whether an exception is the broker's or the connection's (the ones a scan answers as a failure).</summary>
    public static bool IsBroker(Exception e) => e is RabbitMQClientException or IOException or TimeoutException or OperationCanceledException or ObjectDisposedException;

    /// <summary>The ready messages of the queue, or null when it does not exist (the broker then closes the channel).</summary>
    public static async Task<uint?> DepthAsync(IChannel channel, string queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false)).MessageCount;
        }
        catch (OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Looks through the messages the queue holds now (at most <see cref="RabbitMqDeadLetterOptions.MaxScan"/>) and acts on those
    /// with the ids, or on every one while fewer than <paramref name="limit"/> are done; null when done, else why it stopped.
    /// </summary>
    public async Task<string?> RunAsync(string queue, HashSet<string>? wanted, int limit)
    {
        IChannel? channel = null;
        try
        {
            channel = await connection.CreateChannelAsync().ConfigureAwait(false);
            if (await DepthAsync(channel, queue, CancellationToken.None).ConfigureAwait(false) is not { } depth)
            {
                return null;
            }

            // Only the messages there at the start: one replayed now that faults again comes back behind them.
            ulong held = 0;
            var bound = Math.Min(depth, (uint)options.MaxScan);
            for (var i = 0u; i < bound && Done < limit; i++)
            {
                if (await channel.BasicGetAsync(queue, autoAck: false).ConfigureAwait(false) is not { } got)
                {
                    break;
                }

                var letter = DeadLetterReader.Read(queue, got.BasicProperties, got.Body, registry);
                if (wanted is not null && !wanted.Contains(letter.Id))
                {
                    held = got.DeliveryTag;
                    continue;
                }

                if (replay is not null && await PublishAsync(letter, got).ConfigureAwait(false) is { } failure)
                {
                    held = got.DeliveryTag;
                    Add(new DeadLetterOutcome(letter.Id, DeadLetterResult.Failed, letter, failure));
                    continue;
                }

                try
                {
                    await channel.BasicAckAsync(got.DeliveryTag, multiple: false).ConfigureAwait(false);
                }
                catch (Exception e) when (IsBroker(e))
                {
                    Add(new DeadLetterOutcome(letter.Id, DeadLetterResult.Failed, letter, replay is null
                        ? $"Could not be taken out of {queue} ({e.Message}); it stays there."
                        : $"Sent to {letter.SourceQueue}, but could not be taken out of {queue} ({e.Message}); it stays there too, and replaying it again sends a duplicate that the inbox drops."));
                    return e.Message;
                }

                Add(new DeadLetterOutcome(letter.Id, replay is null ? DeadLetterResult.Deleted : DeadLetterResult.Replayed, letter));
                Done++;
            }

            if (held > 0)
            {
                await channel.BasicNackAsync(held, multiple: true, requeue: true).ConfigureAwait(false);
            }

            return null;
        }
        catch (Exception e) when (IsBroker(e))
        {
            return e.Message; // the broker gives back what the channel held when it closes
        }
        finally
        {
            if (channel is not null)
            {
                await channel.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    public async ValueTask DisposeAsync() => await DropPublisherAsync().ConfigureAwait(false);

    private void Add(DeadLetterOutcome outcome)
    {
        outcomes.Add(outcome);
        Found.Add(outcome.Id);
    }

    /// <summary>Publishes the copy to the source queue (default exchange, mandatory) and waits for the confirm; null when confirmed, else why not.</summary>
    private async Task<string?> PublishAsync(DeadLetter letter, BasicGetResult got)
    {
        var source = letter.SourceQueue;
        using var timeout = new CancellationTokenSource(options.ConfirmTimeout, time);
        try
        {
            publisher ??= await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), timeout.Token).ConfigureAwait(false);
            var properties = ReplayProperties.Of(got.BasicProperties, replay!, time.GetUtcNow());
            await publisher.BasicPublishAsync(string.Empty, source, mandatory: true, properties, got.Body, timeout.Token).ConfigureAwait(false);
            return null;
        }
        catch (PublishException e) when (e.IsReturn)
        {
            return $"{source} did not take it (returned as unroutable: there is no such queue); it stays in {letter.Queue}.";
        }
        catch (PublishException)
        {
            return $"The broker refused it (nack); it stays in {letter.Queue}.";
        }
        catch (Exception e) when (IsBroker(e))
        {
            await DropPublisherAsync().ConfigureAwait(false);
            var why = e is OperationCanceledException ? $"no confirm within {options.ConfirmTimeout.TotalSeconds:0.#} s" : e.Message;
            return $"Sending to {source} failed ({why}); it stays in {letter.Queue}, and may also have reached {source} (a duplicate that the inbox drops).";
        }
    }

    private async Task DropPublisherAsync()
    {
        if (publisher is { } channel)
        {
            publisher = null;
            try
            {
                await channel.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (IsBroker(e))
            {
                // already closed with its connection
            }
        }
    }
}
