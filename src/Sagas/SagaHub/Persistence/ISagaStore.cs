namespace SagaHub;

/// <summary>
/// Where sagas live: rows with a concurrency token, append-only history, inbox and outbox, all
/// written by one <see cref="CommitAsync"/> in one transaction. The runtime handles each message in
/// one unit of work (<see cref="BeginAsync"/>): inbox check and row read, then the commit. SagaHub
/// ships an in-memory store; the EF Core package adds SQLite and PostgreSQL. Every store passes the
/// same compliance tests.
/// </summary>
public interface ISagaStore
{
    /// <summary>
    /// Begins the unit of work of one message for one saga: reads whether the inbox already holds the
    /// message and the saga row, and returns a session whose <see cref="ISagaStoreSession.CommitAsync"/>
    /// writes the message's effects. Disposing the session without a commit rolls it back.
    /// </summary>
    /// <remarks>
    /// The default implementation composes <see cref="WasProcessedAsync"/>, <see cref="LoadAsync"/> and
    /// <see cref="CommitAsync"/> (<see cref="SagaStoreSession.BeginOptimisticAsync"/>): every store works
    /// with it, purely optimistically. A durable store overrides it to read both in one round trip and
    /// write in the same database transaction, holding the saga row locked meanwhile.
    /// </remarks>
    /// <param name="sagaType">The saga definition's name.</param>
    /// <param name="sagaId">The correlation id.</param>
    /// <param name="consumer">The inbox's consumer name (the saga name).</param>
    /// <param name="messageId">The handled message's id.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The session; dispose it.</returns>
    ValueTask<ISagaStoreSession> BeginAsync(string sagaType, Guid sagaId, string consumer, Guid messageId, CancellationToken cancellationToken = default) =>
        SagaStoreSession.BeginOptimisticAsync(this, sagaType, sagaId, consumer, messageId, cancellationToken);

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
    /// Writes, all or nothing: the inbox row, the saga row (insert when <see cref="SagaCommit.ExpectedVersion"/> is 0,
    /// else update if the stored version still equals it), the history rows and the outbox rows.
    /// </summary>
    /// <param name="commit">What to write.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the write is durable.</returns>
    /// <exception cref="SagaConcurrencyException">The row changed since it was read (or was inserted by another message).</exception>
    /// <exception cref="DuplicateMessageException">The inbox already holds the message.</exception>
    ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default);

    /// <summary>A saga's history, in sequence order.</summary>
    /// <param name="sagaType">The saga definition's name.</param>
    /// <param name="sagaId">The correlation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows.</returns>
    ValueTask<IReadOnlyList<SagaHistoryEntry>> GetHistoryAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default);

    /// <summary>Lists saga rows by type, state, age and "stuck" (past deadline).</summary>
    /// <param name="query">The filter.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>
    /// Matching rows, most recently changed first: by <see cref="SagaSnapshot.UpdatedAt"/> descending, then
    /// <see cref="SagaSnapshot.SagaId"/> descending, then <see cref="SagaSnapshot.SagaType"/>, so the order is stable
    /// and <see cref="SagaQuery.Limit"/> keeps the newest rows.
    /// </returns>
    ValueTask<IReadOnlyList<SagaSnapshot>> QueryAsync(SagaQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims up to <paramref name="max"/> deadlines due at <paramref name="now"/> that nobody holds,
    /// for <paramref name="lease"/>: a claimed deadline is not handed out again until the lease ends,
    /// so competing hosts do not fire it twice (and a crashed host's claim runs out).
    /// </summary>
    /// <param name="now">The current time.</param>
    /// <param name="lease">How long the claim holds.</param>
    /// <param name="max">Batch size.</param>
    /// <param name="sagaTypes">Only deadlines of these saga types (the ones the calling host runs), or null for all.
    /// A host must not claim what it cannot fire: the claim would hold the deadline back from the host that can.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed deadlines.</returns>
    ValueTask<IReadOnlyList<DueDeadline>> ClaimDueDeadlinesAsync(DateTimeOffset now, TimeSpan lease, int max, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// When the earliest deadline that nobody holds comes due (it may already be past), or null when there is
    /// none; the timer service sleeps until then instead of a whole poll interval. A store that cannot tell
    /// returns null (the default), and the timer service polls at its interval.
    /// </summary>
    /// <param name="now">The current time (a claim whose lease ends before it no longer holds its deadline).</param>
    /// <param name="sagaTypes">Only deadlines of these saga types, or null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The due time, or null.</returns>
    ValueTask<DateTimeOffset?> NextDeadlineAsync(DateTimeOffset now, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<DateTimeOffset?>(null);

    /// <summary>Outbox rows not yet dispatched, created at or before <paramref name="createdBefore"/>, oldest first.</summary>
    /// <param name="createdBefore">Only rows at least this old (leave fresh rows to the dispatcher that wrote them).</param>
    /// <param name="max">Batch size.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows.</returns>
    ValueTask<IReadOnlyList<OutboxEntry>> GetUndispatchedAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// The outbox sweep's read: like <see cref="GetUndispatchedAsync"/>, but the rows returned are claimed for the
    /// store's lease, so the sweeps of other hosts pass them over and each row is sent once in the normal case; a
    /// crashed host's claim runs out and another sweep takes the row. Release what was not sent with
    /// <see cref="ReleaseUndispatchedAsync"/>. A store without claims (the default) returns the unclaimed read.
    /// </summary>
    /// <param name="createdBefore">Only rows at least this old.</param>
    /// <param name="max">Batch size.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows, now claimed by the caller.</returns>
    ValueTask<IReadOnlyList<OutboxEntry>> ClaimUndispatchedAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken = default) =>
        GetUndispatchedAsync(createdBefore, max, cancellationToken);

    /// <summary>Ends the claims of rows a sweep took but did not send, so the next pass retries them at once.</summary>
    /// <param name="messageIds">The rows' message ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    ValueTask ReleaseUndispatchedAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>
    /// Marks outbox rows dispatched and lets the store remove them, at once or later (a durable store
    /// batches the deletes). Either way <see cref="GetUndispatchedAsync"/> of this store instance no
    /// longer returns them; rows whose delete a crash lost are swept again, with their message ids.
    /// </summary>
    /// <param name="messageIds">The rows' message ids.</param>
    /// <param name="at">When they were handed to the bus.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    ValueTask MarkDispatchedAsync(IReadOnlyCollection<Guid> messageIds, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>Finds a human task by id.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task, or null.</returns>
    ValueTask<HumanTask?> GetTaskAsync(Guid taskId, CancellationToken cancellationToken = default);

    /// <summary>Open human tasks, optionally for one assignee, by due time.</summary>
    /// <param name="assignee">A person or role, or null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tasks.</returns>
    ValueTask<IReadOnlyList<HumanTask>> GetOpenTasksAsync(string? assignee, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a person's decision on a human task, all or nothing, in one transaction: closes the task's row
    /// as <see cref="HumanTaskDecision.Status"/> (with <see cref="HumanTaskDecision.By"/> and
    /// <see cref="HumanTaskDecision.At"/>) only if it is still <see cref="HumanTaskStatus.Open"/>, and writes
    /// <see cref="HumanTaskDecision.Message"/> (the <see cref="HumanTaskCompleted"/> for the saga) to the outbox.
    /// Of concurrent decisions on one task exactly one is decided; the others find the task closed. The caller
    /// dispatches the message after the call and marks it dispatched (<see cref="MarkDispatchedAsync"/>); when
    /// that fails or the process dies first, the outbox sweep sends it, with its message id.
    /// </summary>
    /// <remarks>
    /// The saga still owns the task: its commit of the decision writes the task's row again with the status it
    /// applied (see <see cref="SagaCommit.DecidedTaskId"/>), so the row ends as the saga has it. The default
    /// implementation, for stores written before this member, keeps the old behaviour: it only reads the task and
    /// reports an open one as decided without closing it or writing the message
    /// (<see cref="HumanTaskDecisionResult.InOutbox"/> is false), and the caller sends the message directly. Two
    /// decisions racing on one task may then both be accepted (the saga applies the first and records the others
    /// as rejected triggers), and a crash between the check and the send loses the decision. Override it.
    /// </remarks>
    /// <param name="decision">The decision and its message.</param>
    /// <param name="cancellationToken">Cancels the call (nothing is written then).</param>
    /// <returns>Whether this call decided the task, and the task's status.</returns>
    async ValueTask<HumanTaskDecisionResult> TryDecideTaskAsync(HumanTaskDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        var task = await GetTaskAsync(decision.TaskId, cancellationToken).ConfigureAwait(false);
        return task is { Status: HumanTaskStatus.Open }
            ? new HumanTaskDecisionResult(true, decision.Status) { InOutbox = false }
            : new HumanTaskDecisionResult(false, task?.Status);
    }
}

/// <summary>A person's decision on a human task, with the message that tells its saga (see <see cref="ISagaStore.TryDecideTaskAsync"/>).</summary>
public sealed record HumanTaskDecision
{
    /// <summary>Creates a decision.</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="status"><see cref="HumanTaskStatus.Approved"/> or <see cref="HumanTaskStatus.Rejected"/>.</param>
    /// <param name="by">Who decided.</param>
    /// <param name="at">When.</param>
    /// <param name="message">The outbox row that carries the <see cref="HumanTaskCompleted"/> to the saga's queue.</param>
    /// <exception cref="ArgumentException">The status is not a decision, <paramref name="by"/> is blank, or the message is not a send.</exception>
    public HumanTaskDecision(Guid taskId, HumanTaskStatus status, string by, DateTimeOffset at, OutboxEntry message)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        ArgumentNullException.ThrowIfNull(message);
        if (status is not (HumanTaskStatus.Approved or HumanTaskStatus.Rejected))
        {
            throw new ArgumentException($"A decision approves or rejects, not {status}.", nameof(status));
        }

        if (message.Message.IsPublish)
        {
            throw new ArgumentException("A decision is sent to its saga's queue, not published.", nameof(message));
        }

        TaskId = taskId;
        Status = status;
        By = by;
        At = at;
        Message = message;
    }

    /// <summary>The task.</summary>
    public Guid TaskId { get; }

    /// <summary><see cref="HumanTaskStatus.Approved"/> or <see cref="HumanTaskStatus.Rejected"/>.</summary>
    public HumanTaskStatus Status { get; }

    /// <summary>Who decided.</summary>
    public string By { get; }

    /// <summary>When (the task's closing time).</summary>
    public DateTimeOffset At { get; }

    /// <summary>The outbox row that carries the <see cref="HumanTaskCompleted"/> to the saga's queue.</summary>
    public OutboxEntry Message { get; }
}

/// <summary>What <see cref="ISagaStore.TryDecideTaskAsync"/> did.</summary>
/// <param name="Decided">True when this call closed the open task (and wrote its message); false when the task is unknown or was not open.</param>
/// <param name="Status">The task's status: the decided one, else as found; null when there is no such task.</param>
public sealed record HumanTaskDecisionResult(bool Decided, HumanTaskStatus? Status)
{
    /// <summary>
    /// Whether the store wrote the decision's message to its outbox with the task's close. False only from the
    /// default implementation of <see cref="ISagaStore.TryDecideTaskAsync"/>, which closes nothing: the caller then
    /// sends the message itself.
    /// </summary>
    /// <value>Defaults to true.</value>
    public bool InOutbox { get; init; } = true;
}

/// <summary>One message's write: inbox, saga row, history and outbox.</summary>
/// <param name="Consumer">The inbox's consumer name (the saga name).</param>
/// <param name="MessageId">The handled message's id.</param>
/// <param name="Snapshot">The new saga row, or null to write only the inbox row (a stale timer, a rejected start).</param>
/// <param name="ExpectedVersion">The stored version this write replaces; 0 inserts a new saga.</param>
/// <param name="History">History rows to append.</param>
/// <param name="Outbox">Messages to dispatch after the commit.</param>
public sealed record SagaCommit(
    string Consumer,
    Guid MessageId,
    SagaSnapshot? Snapshot,
    long ExpectedVersion,
    IReadOnlyList<SagaHistoryEntry> History,
    IReadOnlyList<OutboxEntry> Outbox)
{
    /// <summary>
    /// The row as it was read before this write (null for a new saga, or when the caller does not
    /// have it). Stores use it to skip work, e.g. writing the human-task row only when the task changed.
    /// </summary>
    public SagaSnapshot? Replaces { get; init; }

    /// <summary>
    /// The task whose <see cref="HumanTaskCompleted"/> this message is, or null for any other message. The decision
    /// closed the task's row before the saga saw it (<see cref="ISagaStore.TryDecideTaskAsync"/>), so when the snapshot
    /// carries this task the store writes the task's row even if the step left the task unchanged: the row ends with
    /// the status the saga applied (Approved or Rejected as decided, or Open again when a guard turned the decision down).
    /// </summary>
    public Guid? DecidedTaskId { get; init; }
}

/// <summary>An outbox row: a message a saga produced, kept until it is handed to the bus.</summary>
/// <param name="SagaType">The producing saga's name.</param>
/// <param name="SagaId">The producing saga instance.</param>
/// <param name="Message">The message with its fixed id.</param>
/// <param name="CreatedAt">When the row was written.</param>
public sealed record OutboxEntry(string SagaType, Guid SagaId, OutgoingMessage Message, DateTimeOffset CreatedAt);

/// <summary>A claimed deadline to fire.</summary>
/// <param name="SagaType">The saga definition's name.</param>
/// <param name="SagaId">The saga instance.</param>
/// <param name="Deadline">The deadline.</param>
public sealed record DueDeadline(string SagaType, Guid SagaId, SagaDeadline Deadline);

/// <summary>A filter over saga rows.</summary>
public sealed record SagaQuery
{
    /// <summary>Only this saga type.</summary>
    public string? SagaType { get; init; }

    /// <summary>Only this state.</summary>
    public string? State { get; init; }

    /// <summary>Only sagas started at or before this time.</summary>
    public DateTimeOffset? StartedBefore { get; init; }

    /// <summary>Only sagas whose deadline is past at this time (stuck: their timer is overdue).</summary>
    public DateTimeOffset? OverdueAt { get; init; }

    /// <summary>Include final sagas.</summary>
    /// <value>Defaults to true.</value>
    public bool IncludeFinal { get; init; } = true;

    /// <summary>At most this many rows (the most recently changed ones).</summary>
    /// <value>Defaults to 100.</value>
    public int Limit { get; init; } = 100;
}

/// <summary>The inbox already holds this message: it was handled before and is skipped.</summary>
public sealed class DuplicateMessageException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="consumer">The consumer.</param>
    /// <param name="messageId">The message id.</param>
    public DuplicateMessageException(string consumer, Guid messageId)
        : base($"Message {messageId} was already handled by '{consumer}'.")
    {
        Consumer = consumer;
        MessageId = messageId;
    }

    /// <summary>The consumer.</summary>
    public string Consumer { get; }

    /// <summary>The message id.</summary>
    public Guid MessageId { get; }
}
