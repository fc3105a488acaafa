namespace SagaHub;

/// <summary>
/// The unit of work of one handled message on one saga, begun by <see cref="ISagaStore.BeginAsync"/>:
/// what the store holds for the message (<see cref="AlreadyProcessed"/>) and the saga
/// (<see cref="Snapshot"/>) as read when the session began, and one <see cref="CommitAsync"/> that
/// writes the message's effects. A durable store runs the whole session as one database transaction,
/// holding the saga row locked from the read to the commit so concurrent messages for the saga wait
/// instead of conflicting. Disposing the session without a successful commit rolls it back: nothing
/// of it is written and its locks are released.
/// </summary>
/// <remarks>
/// A session belongs to one caller and is not thread-safe. Keep it short: it may hold a database
/// connection, a transaction and a row lock until it is committed or disposed.
/// </remarks>
public interface ISagaStoreSession : IAsyncDisposable
{
    /// <summary>The saga definition's name the session reads and writes.</summary>
    string SagaType { get; }

    /// <summary>The saga instance the session reads and writes.</summary>
    Guid SagaId { get; }

    /// <summary>The inbox's consumer name (a saga name).</summary>
    string Consumer { get; }

    /// <summary>The handled message's id.</summary>
    Guid MessageId { get; }

    /// <summary>
    /// Whether the inbox already holds (<see cref="Consumer"/>, <see cref="MessageId"/>) when the session
    /// began: the message was handled before, there is nothing to do, and <see cref="CommitAsync"/> throws
    /// <see cref="DuplicateMessageException"/>.
    /// </summary>
    bool AlreadyProcessed { get; }

    /// <summary>
    /// The saga row as read when the session began; null when there is no row (or when
    /// <see cref="AlreadyProcessed"/> is true, where the row is of no interest).
    /// </summary>
    SagaSnapshot? Snapshot { get; }

    /// <summary>
    /// Writes, all or nothing, with the semantics of <see cref="ISagaStore.CommitAsync"/>: the inbox row,
    /// the saga row (version-checked against <see cref="SagaCommit.ExpectedVersion"/>), history, task row
    /// and outbox. At most one commit per session; after it (or after it threw) the session is finished
    /// and only <see cref="IAsyncDisposable.DisposeAsync"/> remains to be called.
    /// </summary>
    /// <param name="commit">What to write: its <see cref="SagaCommit.Consumer"/> and <see cref="SagaCommit.MessageId"/>
    /// must be the session's, and its snapshot, if any, the session's saga.</param>
    /// <param name="cancellationToken">Cancels the call (the session is then rolled back).</param>
    /// <returns>A task that completes when the write is durable.</returns>
    /// <exception cref="SagaConcurrencyException">The row changed since it was read, or another message inserted the saga first; begin a new session to re-run.</exception>
    /// <exception cref="DuplicateMessageException">The inbox already holds the message.</exception>
    /// <exception cref="ArgumentException">The commit is for another message or saga.</exception>
    /// <exception cref="InvalidOperationException">The session was already committed, failed or disposed.</exception>
    ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default);
}

/// <summary>Ways of beginning an <see cref="ISagaStoreSession"/> for stores without a unit of work of their own.</summary>
public static class SagaStoreSession
{
    /// <summary>
    /// Begins a session from the store's separate calls: <see cref="ISagaStore.WasProcessedAsync"/> and
    /// <see cref="ISagaStore.LoadAsync"/> now, <see cref="ISagaStore.CommitAsync"/> at the commit. Purely
    /// optimistic: nothing is locked or held open, disposing without a commit writes nothing, and a message
    /// that changed the saga in between makes the commit throw <see cref="SagaConcurrencyException"/>.
    /// This is the default of <see cref="ISagaStore.BeginAsync"/>, and what a store decorator can use to
    /// keep intercepting those three calls.
    /// </summary>
    /// <param name="store">The store to call.</param>
    /// <param name="sagaType">The saga definition's name.</param>
    /// <param name="sagaId">The correlation id.</param>
    /// <param name="consumer">The inbox's consumer name.</param>
    /// <param name="messageId">The handled message's id.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The session.</returns>
    public static async ValueTask<ISagaStoreSession> BeginOptimisticAsync(ISagaStore store, string sagaType, Guid sagaId, string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrEmpty(sagaType);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        if (await store.WasProcessedAsync(consumer, messageId, cancellationToken).ConfigureAwait(false))
        {
            return new OptimisticSession(store, sagaType, sagaId, consumer, messageId, alreadyProcessed: true, snapshot: null);
        }

        var snapshot = await store.LoadAsync(sagaType, sagaId, cancellationToken).ConfigureAwait(false);
        return new OptimisticSession(store, sagaType, sagaId, consumer, messageId, alreadyProcessed: false, snapshot);
    }

    /// <summary>Checks that <paramref name="commit"/> belongs to <paramref name="session"/> (for store implementations).</summary>
    /// <param name="session">The session.</param>
    /// <param name="commit">The commit handed to it.</param>
    /// <exception cref="ArgumentException">The commit names another consumer, message or saga.</exception>
    public static void EnsureBelongsTo(ISagaStoreSession session, SagaCommit commit)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(commit);
        if (commit.Consumer != session.Consumer || commit.MessageId != session.MessageId)
        {
            throw new ArgumentException($"The commit is for message {commit.MessageId} of '{commit.Consumer}', but the session is for message {session.MessageId} of '{session.Consumer}'.", nameof(commit));
        }

        if (commit.Snapshot is { } snapshot && (snapshot.SagaType != session.SagaType || snapshot.SagaId != session.SagaId))
        {
            throw new ArgumentException($"The commit writes saga '{snapshot.SagaType}' {snapshot.SagaId}, but the session is for '{session.SagaType}' {session.SagaId}.", nameof(commit));
        }
    }

    private sealed class OptimisticSession(ISagaStore store, string sagaType, Guid sagaId, string consumer, Guid messageId, bool alreadyProcessed, SagaSnapshot? snapshot) : ISagaStoreSession
    {
        private bool finished;

        public string SagaType => sagaType;

        public Guid SagaId => sagaId;

        public string Consumer => consumer;

        public Guid MessageId => messageId;

        public bool AlreadyProcessed => alreadyProcessed;

        public SagaSnapshot? Snapshot => snapshot;

        public async ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default)
        {
            EnsureBelongsTo(this, commit);
            if (finished)
            {
                throw new InvalidOperationException($"The session of message {messageId} is finished; begin a new one.");
            }

            finished = true;
            if (alreadyProcessed)
            {
                throw new DuplicateMessageException(consumer, messageId);
            }

            await store.CommitAsync(commit, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync()
        {
            finished = true;
            return ValueTask.CompletedTask;
        }
    }
}
