namespace SagaHub;

/// <summary>
/// The store's role in handling one message: the unit of work (<see cref="BeginAsync"/>) that reads the inbox and the
/// saga row and then writes inbox row, saga row (version-checked), history, task rows and outbox in one commit.
/// </summary>
public interface ISagaUnitOfWorkStore
{
    /// <summary>
    /// Begins one message's unit of work on one saga: reads whether the inbox holds the message and the saga row, and
    /// returns a session whose <see cref="ISagaStoreSession.CommitAsync"/> writes the message's effects.
    /// </summary>
    /// <remarks>
    /// Disposing the session without a commit rolls it back. A store without a transaction of its own can return
    /// <see cref="SagaStoreSession.BeginOptimisticAsync"/>; a durable store holds the saga row locked until the commit.
    /// </remarks>
    /// <param name="sagaType">The saga definition's name.</param>
    /// <param name="sagaId">The correlation id.</param>
    /// <param name="consumer">The inbox's consumer name (the saga name).</param>
    /// <param name="messageId">The handled message's id.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The session; dispose it.</returns>
    ValueTask<ISagaStoreSession> BeginAsync(string sagaType, Guid sagaId, string consumer, Guid messageId, CancellationToken cancellationToken = default);

    /// <summary>Loads a saga row, or null if there is none.</summary>
    /// <param name="sagaType">The saga definition's name.</param>
    /// <param name="sagaId">The correlation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The row or null.</returns>
    ValueTask<SagaSnapshot?> LoadAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default);

    /// <summary>Whether the inbox already holds (consumer, message id): the message was handled before.</summary>
    /// <param name="consumer">The consumer (a saga name).</param>
    /// <param name="messageId">The message id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True for a duplicate.</returns>
    ValueTask<bool> WasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes, all or nothing: the inbox row, the saga row, the history rows, the task rows of
    /// <see cref="SagaCommit.TaskChanges"/> and the outbox rows.
    /// </summary>
    /// <remarks>
    /// The saga row is inserted when <see cref="SagaCommit.ExpectedVersion"/> is 0, else updated only if the stored version
    /// still equals it.
    /// </remarks>
    /// <param name="commit">What to write.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the write is durable.</returns>
    /// <exception cref="SagaConcurrencyException">The row changed since it was read (or was inserted by another message).</exception>
    /// <exception cref="DuplicateMessageException">The inbox already holds the message.</exception>
    ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default);
}
