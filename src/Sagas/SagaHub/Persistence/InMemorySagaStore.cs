namespace SagaHub;

/// <summary>
/// A thread-safe store in process memory with the durable stores' contract, for tests, the embedded demo and benchmarks
/// of the engine alone; nothing survives a restart.
/// </summary>
/// <remarks>
/// Its units of work are optimistic (<see cref="SagaStoreSession.BeginOptimisticAsync"/>), and its outbox claims are
/// plain reads (it lives in one process).
/// </remarks>
public sealed partial class InMemorySagaStore : ISagaStore
{
    private readonly Lock gate = new();
    private readonly Dictionary<(string, Guid), SagaSnapshot> sagas = [];
    private readonly Dictionary<(string, Guid), List<SagaHistoryEntry>> history = [];
    private readonly HashSet<(string, Guid)> inbox = [];
    private readonly Dictionary<Guid, OutboxEntry> outbox = [];
    private readonly Dictionary<(string, Guid), DateTimeOffset> claims = [];

    // The task rows, as a durable store keeps them apart from the saga rows: written by saga commits as their task
    // changes say (a replaced open task is closed as Cancelled) and closed by decisions (TryDecideTaskAsync).
    private readonly Dictionary<Guid, HumanTask> tasks = [];

    /// <summary>How many inbox rows are held (for tests and diagnostics).</summary>
    public int InboxCount
    {
        get
        {
            lock (gate)
            {
                return inbox.Count;
            }
        }
    }

    /// <summary>How many outbox rows wait to be dispatched.</summary>
    public int PendingOutboxCount
    {
        get
        {
            lock (gate)
            {
                return outbox.Count;
            }
        }
    }

    /// <summary>Begins an optimistic session (<see cref="SagaStoreSession.BeginOptimisticAsync"/>): nothing is held until the commit.</summary>
    /// <param name="sagaType">The saga definition's name.</param>
    /// <param name="sagaId">The correlation id.</param>
    /// <param name="consumer">The inbox's consumer name (the saga name).</param>
    /// <param name="messageId">The handled message's id.</param>
    /// <param name="cancellationToken">Not used: the reads do not wait.</param>
    /// <returns>The session.</returns>
    public ValueTask<ISagaStoreSession> BeginAsync(string sagaType, Guid sagaId, string consumer, Guid messageId, CancellationToken cancellationToken = default) =>
        SagaStoreSession.BeginOptimisticAsync(this, sagaType, sagaId, consumer, messageId, cancellationToken);

    /// <inheritdoc />
    public ValueTask<SagaSnapshot?> LoadAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return ValueTask.FromResult(sagas.GetValueOrDefault((sagaType, sagaId)));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> WasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return ValueTask.FromResult(inbox.Contains((consumer, messageId)));
        }
    }

    /// <inheritdoc />
    public ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        lock (gate)
        {
            if (inbox.Contains((commit.Consumer, commit.MessageId)))
            {
                throw new DuplicateMessageException(commit.Consumer, commit.MessageId);
            }

            if (commit.Snapshot is { } snapshot)
            {
                var key = (snapshot.SagaType, snapshot.SagaId);
                var stored = sagas.GetValueOrDefault(key);
                if ((stored?.Version ?? 0) != commit.ExpectedVersion)
                {
                    throw new SagaConcurrencyException(snapshot.SagaType, snapshot.SagaId, commit.ExpectedVersion);
                }

                var rows = history.TryGetValue(key, out var existing) ? existing : history[key] = [];
                var last = rows.Count == 0 ? 0 : rows[^1].Sequence;
                for (var i = 0; i < commit.History.Count; i++)
                {
                    if (commit.History[i].Sequence != last + i + 1)
                    {
                        throw new InvalidOperationException($"History of '{snapshot.SagaType}' {snapshot.SagaId} would get sequence {commit.History[i].Sequence} after {last + i}.");
                    }
                }

                rows.AddRange(commit.History);
                sagas[key] = snapshot with { Version = commit.ExpectedVersion + 1 };
                WriteTasks(commit.TaskChanges);
                if (snapshot.Deadline?.Id != stored?.Deadline?.Id)
                {
                    claims.Remove(key);
                }
            }

            inbox.Add((commit.Consumer, commit.MessageId));
            foreach (var entry in commit.Outbox)
            {
                outbox[entry.Message.MessageId] = entry;
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// Closes the open task as decided and adds the decision's message to the outbox, under the store's lock:
    /// of concurrent decisions on one task exactly one finds it open.
    /// </summary>
    /// <param name="decision">The decision and its message.</param>
    /// <param name="cancellationToken">Not used: the call does not wait.</param>
    /// <returns>Whether this call decided the task, and the task's status.</returns>
    public ValueTask<HumanTaskDecisionResult> TryDecideTaskAsync(HumanTaskDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        lock (gate)
        {
            if (!tasks.TryGetValue(decision.TaskId, out var task))
            {
                return ValueTask.FromResult(new HumanTaskDecisionResult(false, null));
            }

            if (task.Status != HumanTaskStatus.Open)
            {
                return ValueTask.FromResult(new HumanTaskDecisionResult(false, task.Status));
            }

            tasks[task.TaskId] = task with { Status = decision.Status, DecidedBy = decision.By, ClosedAt = decision.At };
            outbox[decision.Message.Message.MessageId] = decision.Message;
            return ValueTask.FromResult(new HumanTaskDecisionResult(true, decision.Status));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<SagaHistoryEntry>> GetHistoryAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<SagaHistoryEntry> rows = history.TryGetValue((sagaType, sagaId), out var list) ? [.. list] : [];
            return ValueTask.FromResult(rows);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<DueDeadline>> ClaimDueDeadlinesAsync(DateTimeOffset now, TimeSpan lease, int max, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var due = sagas.Values
                .Where(s => sagaTypes is null || sagaTypes.Contains(s.SagaType))
                .Where(s => s.Deadline is { } d && d.DueAt <= now)
                .Where(s => !claims.TryGetValue((s.SagaType, s.SagaId), out var until) || until <= now)
                .OrderBy(s => s.Deadline!.DueAt)
                .Take(max)
                .Select(s => new DueDeadline(s.SagaType, s.SagaId, s.Deadline!))
                .ToList();
            foreach (var d in due)
            {
                claims[(d.SagaType, d.SagaId)] = now + lease;
            }

            return ValueTask.FromResult<IReadOnlyList<DueDeadline>>(due);
        }
    }

    /// <inheritdoc />
    public ValueTask<DateTimeOffset?> NextDeadlineAsync(DateTimeOffset now, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            var next = sagas.Values
                .Where(s => sagaTypes is null || sagaTypes.Contains(s.SagaType))
                .Where(s => s.Deadline is not null)
                .Where(s => !claims.TryGetValue((s.SagaType, s.SagaId), out var until) || until <= now)
                .Select(s => (DateTimeOffset?)s.Deadline!.DueAt)
                .Min();
            return ValueTask.FromResult(next);
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<OutboxEntry>> GetUndispatchedAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<OutboxEntry> rows = [.. outbox.Values.Where(e => e.CreatedAt <= createdBefore).OrderBy(e => e.CreatedAt).Take(max)];
            return ValueTask.FromResult(rows);
        }
    }

    /// <summary>The rows <see cref="GetUndispatchedAsync"/> returns: the store lives in one process, so there is no other host's sweep to keep away.</summary>
    /// <param name="createdBefore">Only rows at least this old.</param>
    /// <param name="max">Batch size.</param>
    /// <param name="cancellationToken">Not used: the call does not wait.</param>
    /// <returns>The rows, oldest first.</returns>
    public ValueTask<IReadOnlyList<OutboxEntry>> ClaimUndispatchedAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken = default) =>
        GetUndispatchedAsync(createdBefore, max, cancellationToken);

    /// <summary>Nothing to release: <see cref="ClaimUndispatchedAsync"/> claims nothing.</summary>
    /// <param name="messageIds">The rows' message ids.</param>
    /// <param name="cancellationToken">Not used.</param>
    /// <returns>A completed task.</returns>
    public ValueTask ReleaseUndispatchedAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <inheritdoc />
    public ValueTask MarkDispatchedAsync(IReadOnlyCollection<Guid> messageIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        lock (gate)
        {
            foreach (var id in messageIds)
            {
                outbox.Remove(id);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<HumanTask?> GetTaskAsync(Guid taskId, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            return ValueTask.FromResult(tasks.GetValueOrDefault(taskId));
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<HumanTask>> GetOpenTasksAsync(string? assignee, CancellationToken cancellationToken = default)
    {
        lock (gate)
        {
            IReadOnlyList<HumanTask> open = [.. tasks.Values
                .Where(t => t.Status == HumanTaskStatus.Open && (assignee is null || t.Assignee == assignee))
                .OrderBy(t => t.DueAt)];
            return ValueTask.FromResult(open);
        }
    }

    /// <summary>
    /// A commit's task rows, as the durable stores write them (see <see cref="HumanTaskChangeKind"/>): an update of a
    /// task the saga still waits for keeps a decision's close of the row. Called under the lock.
    /// </summary>
    private void WriteTasks(IReadOnlyList<HumanTaskChange> changes)
    {
        foreach (var (task, kind) in changes)
        {
            tasks[task.TaskId] = kind == HumanTaskChangeKind.Updated && tasks.TryGetValue(task.TaskId, out var stored) && stored.Status != HumanTaskStatus.Open
                ? task with { Status = stored.Status, DecidedBy = stored.DecidedBy, ClosedAt = stored.ClosedAt }
                : task;
        }
    }
}
