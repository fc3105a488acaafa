namespace SagaHub;

/// <summary>Ways of beginning an <see cref="ISagaStoreSession"/> for stores without a unit of work of their own.</summary>
public static class SagaStoreSession
{
    /// <summary>
    /// Begins a purely optimistic session from the store's separate calls: <see cref="ISagaUnitOfWorkStore.WasProcessedAsync"/>
    /// and <see cref="ISagaUnitOfWorkStore.LoadAsync"/> now, <see cref="ISagaUnitOfWorkStore.CommitAsync"/> at the commit.
    /// </summary>
    /// <remarks>
    /// Nothing is locked; disposing without a commit writes nothing; a change of the saga in between makes the commit throw
    /// <see cref="SagaConcurrencyException"/>. For a store without a transaction of its own (the in-memory store does so),
    /// and for a store decorator that keeps intercepting those three calls.
    /// </remarks>
    /// <param name="store">The store to call.</param>
    /// <param name="sagaType">The saga definition's name.</param>
    /// <param name="sagaId">The correlation id.</param>
    /// <param name="consumer">The inbox's consumer name.</param>
    /// <param name="messageId">The handled message's id.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The session.</returns>
    public static async ValueTask<ISagaStoreSession> BeginOptimisticAsync(ISagaUnitOfWorkStore store, string sagaType, Guid sagaId, string consumer, Guid messageId, CancellationToken cancellationToken = default)
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

    private sealed class OptimisticSession(ISagaUnitOfWorkStore store, string sagaType, Guid sagaId, string consumer, Guid messageId, bool alreadyProcessed, SagaSnapshot? snapshot) : ISagaStoreSession
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
