using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace SagaHub.Management.RabbitMq;

/// <summary>
/// The dead-letter queues over AMQP, one connection per call: a list is basic.get without ack, then a nack that requeues
/// every message where it was; a replay publishes with confirms to the source queue, then acks (docs/architecture.md, "Dead letters").
/// </summary>
internal sealed class RabbitMqDeadLetterQueues(RabbitMqDeadLetterOptions options, ISagaRegistry? registry, TimeProvider time) : IDeadLetterQueues
{
    /// <summary>The dead-letter queues served: the host's sagas' (by queue name), then <see cref="RabbitMqDeadLetterOptions.Queues"/>.</summary>
    public IReadOnlyList<string> Queues =>
        QueueNames.DeadLetterQueuesOf([
            .. options.IncludeSagaQueues && registry is not null ? registry.Sagas.Select(s => s.QueueName).Order(StringComparer.Ordinal) : Enumerable.Empty<string>(),
            .. options.Queues]);

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string? queue, int limit, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        var queues = Choose(queue);
        var found = new List<DeadLetter>();
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            foreach (var name in queues)
            {
                if (found.Count >= limit)
                {
                    break;
                }

                await using var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                if (await DeadLetterScan.DepthAsync(channel, name, cancellationToken).ConfigureAwait(false) is not > 0)
                {
                    continue;
                }

                // Held without ack, then all given back at once: RabbitMQ puts requeued messages back where they were.
                ulong last = 0;
                while (found.Count < limit && await channel.BasicGetAsync(name, autoAck: false, cancellationToken).ConfigureAwait(false) is { } got)
                {
                    last = got.DeliveryTag;
                    found.Add(DeadLetterReader.Read(name, got.BasicProperties, got.Body, registry));
                }

                if (last > 0)
                {
                    await channel.BasicNackAsync(last, multiple: true, requeue: true, cancellationToken).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e) when (DeadLetterScan.IsBroker(e) && e is not OperationCanceledException)
        {
            throw new DeadLetterQueueException($"Listing the dead letters on {options} failed: {e.Message}", e);
        }

        return found;
    }

    public Task<IReadOnlyList<DeadLetterOutcome>> ReplayAsync(DeadLetterSelection selection, DeadLetterAudit audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(selection);
        ArgumentNullException.ThrowIfNull(audit);
        selection.Validate();
        var queues = Choose(selection.Queue);
        return RunAsync(queues, selection.All ? null : selection.Ids, selection.All ? selection.Limit : int.MaxValue, audit, cancellationToken);
    }

    public Task<IReadOnlyList<DeadLetterOutcome>> DeleteAsync(IReadOnlyCollection<string> ids, DeadLetterAudit audit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(audit);
        if (ids.Count == 0)
        {
            throw new ArgumentException("Say which messages: give their ids.", nameof(ids));
        }

        return RunAsync(Queues, ids, int.MaxValue, replay: null, cancellationToken);
    }

    /// <summary>Replays (with <paramref name="replay"/>) or deletes the messages with the ids, or every message up to the limit when there are none.</summary>
    private async Task<IReadOnlyList<DeadLetterOutcome>> RunAsync(IReadOnlyList<string> queues, IReadOnlyCollection<string>? ids, int limit, DeadLetterAudit? replay, CancellationToken cancellationToken)
    {
        var wanted = ids is null ? null : new HashSet<string>(ids, StringComparer.Ordinal);
        await using var connection = await ConnectAsync(cancellationToken).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();

        // From here on nothing is cancelled: every message taken is either done or given back, and all of it is answered.
        await using var scan = new DeadLetterScan(connection, options, registry, time, replay);
        string? stopped = null;
        foreach (var queue in queues)
        {
            if (scan.Done >= limit)
            {
                break;
            }

            stopped = await scan.RunAsync(queue, wanted, limit).ConfigureAwait(false);
            if (stopped is not null)
            {
                break;
            }
        }

        var outcomes = scan.Outcomes.ToList();
        foreach (var id in ids?.Distinct(StringComparer.Ordinal) ?? [])
        {
            if (!scan.Found.Contains(id))
            {
                outcomes.Add(stopped is null
                    ? new DeadLetterOutcome(id, DeadLetterResult.NotFound)
                    : new DeadLetterOutcome(id, DeadLetterResult.Failed, null, $"Not looked for: the scan stopped ({stopped}); whatever is there stays."));
            }
        }

        return outcomes;
    }

    /// <summary>The queues to look in: the one named (when it is served), else all.</summary>
    private IReadOnlyList<string> Choose(string? queue)
    {
        var served = Queues;
        if (queue is null)
        {
            return served;
        }

        return served.Contains(queue, StringComparer.Ordinal)
            ? [queue]
            : throw new ArgumentException(
                $"'{queue}' is not a dead-letter queue of this host; they are: {(served.Count == 0 ? "none (no saga, and no queue configured in " + RabbitMqDeadLetterOptions.SectionName + ":Queues)" : string.Join(", ", served))}.",
                nameof(queue));
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory
        {
            HostName = options.Host,
            Port = options.Port,
            VirtualHost = options.VirtualHost,
            UserName = options.UserName,
            Password = options.Password,
            ClientProvidedName = "sagahub-dead-letters",
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            RequestedConnectionTimeout = options.ConnectTimeout,
        };
        try
        {
            return await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is BrokerUnreachableException or RabbitMQClientException or IOException or TimeoutException)
        {
            throw new DeadLetterQueueException($"The dead-letter queues on {options} cannot be reached: {e.Message}", e);
        }
    }
}
