namespace SagaHub.Management;

/// <summary>The dead-letter queues (<c>_error</c>, <c>_skipped</c>) of the host's saga and service endpoints: list, replay, delete.</summary>
/// <remarks>
/// Implemented per transport (<c>SagaHub.Management.RabbitMq</c>); the management API maps its <c>dead-letters</c>
/// endpoints only when one is registered. Replay and delete report every id they were given, found or not, and do not
/// throw once they have started to change a queue: a failure part-way is an item with <see cref="DeadLetterResult.Failed"/>.
/// </remarks>
public interface IDeadLetterQueues
{
    /// <summary>The messages in <paramref name="queue"/>, or in every dead-letter queue served when it is null, oldest first.</summary>
    /// <param name="queue">A dead-letter queue's name (<c>orders-saga_error</c>), or null for all.</param>
    /// <param name="limit">The most messages returned.</param>
    /// <param name="cancellationToken">Cancels the listing; the messages stay where they were.</param>
    /// <returns>The messages, queue by queue, each queue in its order.</returns>
    /// <exception cref="ArgumentException">The queue is not one of the dead-letter queues served (parameter <c>queue</c>).</exception>
    /// <exception cref="DeadLetterQueueException">The transport could not be reached.</exception>
    Task<IReadOnlyList<DeadLetter>> ListAsync(string? queue, int limit, CancellationToken cancellationToken = default);

    /// <summary>Sends the selected messages back to their source queue and takes them out of the dead-letter queue.</summary>
    /// <param name="selection">The ids, or all, of one queue or of every queue.</param>
    /// <param name="audit">Who replays and why.</param>
    /// <param name="cancellationToken">Cancels before the first message is touched.</param>
    /// <returns>One item per message replayed or failed, and one <see cref="DeadLetterResult.NotFound"/> per id not found.</returns>
    /// <exception cref="ArgumentException">The selection is not valid, or names a queue not served.</exception>
    /// <exception cref="DeadLetterQueueException">The transport could not be reached.</exception>
    Task<IReadOnlyList<DeadLetterOutcome>> ReplayAsync(DeadLetterSelection selection, DeadLetterAudit audit, CancellationToken cancellationToken = default);

    /// <summary>Removes the messages with <paramref name="ids"/> from the dead-letter queues.</summary>
    /// <param name="ids">The messages' <see cref="DeadLetter.Id"/>s.</param>
    /// <param name="audit">Who deletes and why.</param>
    /// <param name="cancellationToken">Cancels before the first message is touched.</param>
    /// <returns>One item per message deleted, and one <see cref="DeadLetterResult.NotFound"/> per id not found.</returns>
    /// <exception cref="DeadLetterQueueException">The transport could not be reached.</exception>
    Task<IReadOnlyList<DeadLetterOutcome>> DeleteAsync(IReadOnlyCollection<string> ids, DeadLetterAudit audit, CancellationToken cancellationToken = default);
}
