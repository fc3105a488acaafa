namespace SagaHub;

/// <summary>
/// The unit of work of one handled message on one saga, begun by <see cref="ISagaUnitOfWorkStore.BeginAsync"/>: the
/// inbox check and the saga as read (<see cref="AlreadyProcessed"/>, <see cref="Snapshot"/>) and one <see cref="CommitAsync"/>.
/// </summary>
/// <remarks>
/// A session belongs to one caller and is not thread-safe. Keep it short: it may hold a database connection, a
/// transaction and a row lock until it is committed or disposed. Disposing it without a commit rolls it back.
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
    /// Whether the inbox already held (<see cref="Consumer"/>, <see cref="MessageId"/>) when the session began: the message
    /// was handled before, and <see cref="CommitAsync"/> throws <see cref="DuplicateMessageException"/>.
    /// </summary>
    bool AlreadyProcessed { get; }

    /// <summary>
    /// The saga row as read when the session began; null when there is no row (or when
    /// <see cref="AlreadyProcessed"/> is true, where the row is of no interest).
    /// </summary>
    SagaSnapshot? Snapshot { get; }

    /// <summary>
    /// Writes the inbox row, the saga row (checked against <see cref="SagaCommit.ExpectedVersion"/>), history, task rows
    /// and outbox, all or nothing, as <see cref="ISagaUnitOfWorkStore.CommitAsync"/> does.
    /// </summary>
    /// <remarks>
    /// At most one commit per session; after it (or after it threw) only <see cref="IAsyncDisposable.DisposeAsync"/> remains.
    /// </remarks>
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
