using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// The durable <see cref="ISagaStore"/> on EF Core, for PostgreSQL and SQLite. A handled message is one
/// unit of work (<see cref="BeginAsync"/>) on one connection in one database transaction: one round trip
/// reads the inbox and the saga row (locked <c>FOR UPDATE</c> on PostgreSQL, so concurrent messages for
/// one saga wait for each other instead of conflicting) and deletes the outbox rows dispatched since the
/// previous unit of work; the commit writes the inbox row, the saga row (inserted, or updated only if its
/// <c>version</c> still equals the expected one), the history rows, the human-task row when it changed and
/// the outbox rows as one batch, then commits. <see cref="MarkDispatchedAsync"/> only queues the ids: units
/// of work delete them, or the store itself after <see cref="SagaStoreOptions.OutboxDeleteDelay"/>; dispose
/// the store to delete what still waits. Deadlines are claimed with <c>FOR UPDATE SKIP LOCKED</c> on
/// PostgreSQL. The schema is created or upgraded before the first operation unless
/// <see cref="SagaStoreOptions.MigrateOnStart"/> is off.
/// </summary>
public sealed partial class EfSagaStore : ISagaStore, IAsyncDisposable, IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly SagaStoreOptions options;
    private readonly SagaHubTables tables;
    private readonly Microsoft.EntityFrameworkCore.DbContextOptions<SagaStoreDbContext> contextOptions;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim migrateGate = new(1, 1);
    private readonly ILogger logger;
    private readonly SagaMetrics metrics;
    private volatile bool ready;
    private volatile bool disposed;

    /// <summary>Creates the store.</summary>
    /// <param name="options">Provider, connection string and schema.</param>
    /// <param name="time">The clock that stamps inbox rows.</param>
    /// <param name="logger">Where failed background deletes of dispatched outbox rows and parked outbox rows are reported.</param>
    /// <param name="metrics">Where parked outbox rows are counted; null for SagaHub's shared instruments.</param>
    /// <exception cref="SagaConfigurationException">The options are invalid.</exception>
    public EfSagaStore(SagaStoreOptions options, TimeProvider? time = null, ILogger<EfSagaStore>? logger = null, SagaMetrics? metrics = null)
    {
        this.metrics = metrics ?? SagaMetrics.Shared;
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        this.options = options;
        this.time = time ?? TimeProvider.System;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
        tables = new SagaHubTables(options.Provider, options.Schema);
        contextOptions = SagaStoreContextFactory.BuildOptions(options);
        ready = !options.MigrateOnStart;
        Dispatched = new DispatchedOutbox(DeleteOutboxRowsAsync, (ex, count) => LogDeleteFailed(this.logger, ex, count), options.OutboxDeleteDelay, options.OutboxDeleteThreshold);
    }

    /// <summary>Where the tables live.</summary>
    public SagaHubTables Tables => tables;

    /// <summary>How many dispatched outbox rows wait for their delete (for tests and diagnostics).</summary>
    public int PendingOutboxDeletes => Dispatched.PendingCount;

    internal DispatchedOutbox Dispatched { get; }

    internal DateTimeOffset Now => time.GetUtcNow();

    /// <summary>The store for logs: provider, host, database and schema (never the password).</summary>
    public override string ToString() => SagaStoreSchema.Describe(options);

    /// <summary>Creates or upgrades the schema now (otherwise done before the first operation).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken = default)
    {
        await migrateGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var context = NewContext();
            await SchemaMigrator.MigrateAsync(context, tables, SagaStoreSchema.Component, SagaStoreSchema.Scripts(tables), cancellationToken).ConfigureAwait(false);
            ready = true;
        }
        finally
        {
            migrateGate.Release();
        }
    }

    /// <summary>
    /// The host's start-up check: the schema created or upgraded (<see cref="SagaStoreOptions.MigrateOnStart"/>), or
    /// else one connection opened, so that the bus consumes only once the store can take its messages.
    /// </summary>
    internal async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        if (options.MigrateOnStart)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        await using var context = NewContext();
        await context.Database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await context.Database.CloseConnectionAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<SagaSnapshot?> LoadAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Sagas.FirstOrDefaultAsync(s => s.SagaType == sagaType && s.SagaId == sagaId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToSnapshot(row);
    }

    /// <inheritdoc />
    public async ValueTask<bool> WasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await context.Inbox.AnyAsync(i => i.Consumer == consumer && i.MessageId == messageId, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Begins a message's unit of work in one database transaction on one connection: one round trip
    /// reads whether the inbox holds the message and the saga row (<c>SELECT … FOR UPDATE</c> on
    /// PostgreSQL: a concurrent session for the same saga waits until this one ends; SQLite's
    /// <c>BEGIN IMMEDIATE</c> holds the database's write lock) and deletes the outbox rows dispatched since
    /// the previous unit of work. <see cref="ISagaStoreSession.CommitAsync"/> sends the writes as one batch
    /// and commits. Disposing the session without a commit rolls back.
    /// </summary>
    /// <param name="sagaType">The saga definition's name.</param>
    /// <param name="sagaId">The correlation id.</param>
    /// <param name="consumer">The inbox's consumer name (the saga name).</param>
    /// <param name="messageId">The handled message's id.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The open session; dispose it.</returns>
    /// <exception cref="SagaConcurrencyException">PostgreSQL chose this transaction as a deadlock victim; re-run.</exception>
    public async ValueTask<ISagaStoreSession> BeginAsync(string sagaType, Guid sagaId, string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(sagaType);
        ArgumentException.ThrowIfNullOrEmpty(consumer);
        ObjectDisposedException.ThrowIf(disposed, this);
        var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await EfSagaStoreSession.BeginAsync(this, context, Dispatched, sagaType, sagaId, consumer, messageId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        await StageAsync(context, time.GetUtcNow(), commit, cancellationToken).ConfigureAwait(false);
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw Conflict(commit, ex);
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            if (await WasProcessedAsync(commit.Consumer, commit.MessageId, cancellationToken).ConfigureAwait(false))
            {
                throw new DuplicateMessageException(commit.Consumer, commit.MessageId);
            }

            throw Conflict(commit, ex);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException pg && IsSerializationFailure(pg))
        {
            throw Conflict(commit, ex);
        }
    }

    /// <summary>Adds a commit's rows to the context (nothing is sent until SaveChanges).</summary>
    internal static async Task StageAsync(SagaStoreDbContext context, DateTimeOffset now, SagaCommit commit, CancellationToken cancellationToken)
    {
        context.Inbox.Add(new InboxMessage { Consumer = commit.Consumer, MessageId = commit.MessageId, ReceivedAt = now });
        if (commit.Snapshot is { } snapshot)
        {
            var row = ToRow(snapshot, commit.ExpectedVersion + 1);
            if (commit.ExpectedVersion == 0)
            {
                context.Sagas.Add(row);
            }
            else
            {
                var entry = context.Sagas.Attach(row);
                entry.State = EntityState.Modified;
                entry.Property(r => r.Version).OriginalValue = commit.ExpectedVersion;
                entry.Property(r => r.ClaimedDeadlineId).IsModified = false;
                entry.Property(r => r.ClaimedUntil).IsModified = false;
                entry.Property(r => r.CreatedAt).IsModified = false;
            }

            context.History.AddRange(commit.History.Select(h => ToRow(snapshot, h)));
            await WriteTaskAsync(context, commit, snapshot, cancellationToken).ConfigureAwait(false);
        }

        context.Outbox.AddRange(commit.Outbox.Select(ToRow));
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SagaHistoryEntry>> GetHistoryAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = await context.History
            .Where(h => h.SagaType == sagaType && h.SagaId == sagaId)
            .OrderBy(h => h.Sequence)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows.Select(h => new SagaHistoryEntry(h.Sequence, h.FromState, h.ToState, h.Trigger, h.MessageId, h.At, h.Kind, h.Detail))];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<SagaSnapshot>> QueryAsync(SagaQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = context.Sagas.AsQueryable();
        if (query.SagaType is { } type)
        {
            rows = rows.Where(s => s.SagaType == type);
        }

        if (query.State is { } state)
        {
            rows = rows.Where(s => s.State == state);
        }

        if (!query.IncludeFinal)
        {
            rows = rows.Where(s => !s.IsFinal);
        }

        if (query.StartedBefore is { } before)
        {
            rows = rows.Where(s => s.CreatedAt <= before);
        }

        if (query.OverdueAt is { } overdue)
        {
            rows = rows.Where(s => s.DeadlineDueAt != null && s.DeadlineDueAt <= overdue);
        }

        var list = await rows.OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.SagaId).ThenBy(s => s.SagaType).Take(query.Limit).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. list.Select(ToSnapshot)];
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<DueDeadline>> ClaimDueDeadlinesAsync(DateTimeOffset now, TimeSpan lease, int max, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(max, 1);
        if (sagaTypes is { Count: 0 })
        {
            return [];
        }

        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var sagas = tables.Sql("sagas");
        var types = sagaTypes?.ToArray() ?? [];
        var typeFilter = types.Length == 0 ? string.Empty : $" AND saga_type IN ({string.Join(", ", types.Select((_, i) => $"{{{i + 3}}}"))})";
        var claimable = "deadline_due_at <= {0} AND (claimed_deadline_id IS NULL OR claimed_deadline_id <> deadline_id OR claimed_until <= {0})" + typeFilter;
        string sql;
        if (tables.Provider == SagaStoreProvider.PostgreSql)
        {
            // SKIP LOCKED: rows another host is claiming right now are passed over, not waited for.
            sql = $$"""
                UPDATE {{sagas}} AS s SET claimed_deadline_id = s.deadline_id, claimed_until = {1}
                FROM (SELECT saga_type, saga_id FROM {{sagas}} WHERE {{claimable}}
                      ORDER BY deadline_due_at LIMIT {2} FOR UPDATE SKIP LOCKED) AS due
                WHERE s.saga_type = due.saga_type AND s.saga_id = due.saga_id
                RETURNING s.*
                """;
        }
        else
        {
            // SQLite has one writer at a time: the UPDATE itself is the claim.
            sql = $$"""
                UPDATE {{sagas}} SET claimed_deadline_id = deadline_id, claimed_until = {1}
                WHERE rowid IN (SELECT rowid FROM {{sagas}} WHERE {{claimable}} ORDER BY deadline_due_at LIMIT {2})
                RETURNING *
                """;
        }

        object At(DateTimeOffset t) => tables.Provider == SagaStoreProvider.PostgreSql ? t.ToUniversalTime() : t.UtcTicks;
        object[] parameters = [At(now), At(now + lease), max, .. types];
        var rows = await context.Sagas.FromSqlRaw(sql, parameters).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. rows
            .Where(r => r.DeadlineId is not null && r.DeadlineDueAt is not null && r.DeadlineKind is not null)
            .OrderBy(r => r.DeadlineDueAt)
            .Select(r => new DueDeadline(r.SagaType, r.SagaId, new SagaDeadline(r.DeadlineId!.Value, r.DeadlineDueAt!.Value, r.DeadlineKind!.Value)))];
    }

    /// <inheritdoc />
    public async ValueTask<DateTimeOffset?> NextDeadlineAsync(DateTimeOffset now, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default)
    {
        if (sagaTypes is { Count: 0 })
        {
            return null;
        }

        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        // The partial index on deadline_due_at serves this: the earliest row that is not held by a live claim.
        var rows = context.Sagas.Where(s => s.DeadlineDueAt != null
            && (s.ClaimedDeadlineId == null || s.ClaimedDeadlineId != s.DeadlineId || s.ClaimedUntil <= now));
        if (sagaTypes is not null)
        {
            var types = sagaTypes.ToList();
            rows = rows.Where(s => types.Contains(s.SagaType));
        }

        return await rows.OrderBy(s => s.DeadlineDueAt).Select(s => s.DeadlineDueAt).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Outbox rows not yet dispatched (nor parked), oldest first, without claiming them. A row whose message type
    /// this process cannot load is parked instead: marked (<c>failed_at</c>, <c>failure</c>), logged, counted in
    /// <c>sagahub.outbox.parked</c> and never returned again.
    /// </summary>
    /// <param name="createdBefore">Only rows at least this old.</param>
    /// <param name="max">Batch size.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows.</returns>
    public async ValueTask<IReadOnlyList<OutboxEntry>> GetUndispatchedAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var query = context.Outbox.Where(o => o.CreatedAt <= createdBefore && o.FailedAt == null);
        var dispatched = Dispatched.Known(); // handed to the bus, delete still queued: not undispatched
        if (dispatched.Length > 0)
        {
            query = query.Where(o => !dispatched.Contains(o.MessageId));
        }

        var rows = await query
            .OrderBy(o => o.CreatedAt).ThenBy(o => o.MessageId)
            .Take(max)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        return await ConvertOrParkAsync(context, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The sweep's read: claims up to <paramref name="max"/> live rows for <see cref="SagaStoreOptions.OutboxClaimLease"/>
    /// (on PostgreSQL <c>UPDATE outbox SET claimed_until = now + lease WHERE message_id IN (SELECT … ORDER BY created_at,
    /// message_id LIMIT max FOR UPDATE SKIP LOCKED) RETURNING *</c>; on SQLite the same without <c>SKIP LOCKED</c>), so
    /// other hosts' sweeps pass them over. Rows whose delete is queued are skipped; rows whose type does not load are
    /// parked as in <see cref="GetUndispatchedAsync"/>.
    /// </summary>
    /// <param name="createdBefore">Only rows at least this old.</param>
    /// <param name="max">Batch size.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The claimed rows, oldest first.</returns>
    public async ValueTask<IReadOnlyList<OutboxEntry>> ClaimUndispatchedAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var rows = await OutboxClaims.ClaimAsync(context, now, options.OutboxClaimLease, createdBefore, max, Dispatched.Known(), cancellationToken).ConfigureAwait(false);
        return await ConvertOrParkAsync(context, rows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Ends the claims of rows the sweep took but did not send: the next pass (of any host) takes them at once.</summary>
    /// <param name="messageIds">The rows' message ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    public async ValueTask ReleaseUndispatchedAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0)
        {
            return;
        }

        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await OutboxClaims.ReleaseAsync(context, messageIds, cancellationToken).ConfigureAwait(false);
    }

    private async Task<IReadOnlyList<OutboxEntry>> ConvertOrParkAsync(SagaStoreDbContext context, List<OutboxMessage> rows, CancellationToken cancellationToken)
    {
        var good = await OutboxClaims.ConvertOrParkAsync(context, rows, time.GetUtcNow(), tables.Sql("outbox"), metrics, logger, cancellationToken).ConfigureAwait(false);
        return [.. good.Select(g => g.Entry)];
    }

    /// <summary>
    /// Queues the rows' delete: the next unit of work deletes them in its own transaction (no
    /// transaction of their own under load); ids that wait longer than
    /// <see cref="SagaStoreOptions.OutboxDeleteDelay"/>, or more than <see cref="SagaStoreOptions.OutboxDeleteThreshold"/>
    /// of them, are deleted by the store in one statement. <see cref="GetUndispatchedAsync"/> skips queued
    /// ids. A crash loses only queued deletes: the sweep then sends those rows again with their message
    /// ids, which receivers' inboxes drop. After <see cref="DisposeAsync"/> the rows are deleted at once.
    /// </summary>
    /// <param name="messageIds">The rows' message ids.</param>
    /// <param name="at">When they were handed to the bus.</param>
    /// <param name="cancellationToken">Cancels an immediate delete (after disposal).</param>
    /// <returns>A task.</returns>
    public async ValueTask MarkDispatchedAsync(IReadOnlyCollection<Guid> messageIds, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messageIds);
        if (messageIds.Count == 0 || Dispatched.Add(messageIds))
        {
            return;
        }

        await DeleteOutboxRowsAsync([.. messageIds], cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<HumanTask?> GetTaskAsync(Guid taskId, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var row = await context.Tasks.FirstOrDefaultAsync(t => t.TaskId == taskId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToTask(row);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<HumanTask>> GetOpenTasksAsync(string? assignee, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        var rows = context.Tasks.Where(t => t.Status == HumanTaskStatus.Open);
        if (assignee is not null)
        {
            rows = rows.Where(t => t.Assignee == assignee);
        }

        var list = await rows.OrderBy(t => t.DueAt).ThenBy(t => t.TaskId).ToListAsync(cancellationToken).ConfigureAwait(false);
        return [.. list.Select(ToTask)];
    }

    /// <summary>
    /// Decides an open task in one transaction: <c>UPDATE human_tasks SET status, decided_by, closed_at WHERE task_id = @id
    /// AND status = 'Open'</c> and, when it closed the row, the insert of the decision's outbox row, then <c>COMMIT</c>.
    /// Concurrent decisions serialize on the task row (PostgreSQL re-checks the condition after the first commits;
    /// SQLite has one writer at a time): exactly one updates it, the others update nothing and find its status.
    /// </summary>
    /// <param name="decision">The decision and its message.</param>
    /// <param name="cancellationToken">Cancels the call (the transaction is rolled back).</param>
    /// <returns>Whether this call decided the task, and the task's status.</returns>
    public async ValueTask<HumanTaskDecisionResult> TryDecideTaskAsync(HumanTaskDecision decision, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ObjectDisposedException.ThrowIf(disposed, this);
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        context.Database.AutoSavepointsEnabled = false;
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var (taskId, status, by, at) = (decision.TaskId, decision.Status, decision.By, decision.At);
        var closed = await context.Tasks
            .Where(t => t.TaskId == taskId && t.Status == HumanTaskStatus.Open)
            .ExecuteUpdateAsync(
                set => set.SetProperty(t => t.Status, status).SetProperty(t => t.DecidedBy, by).SetProperty(t => t.ClosedAt, at),
                cancellationToken).ConfigureAwait(false);
        if (closed == 0)
        {
            var current = await context.Tasks.Where(t => t.TaskId == taskId).Select(t => (HumanTaskStatus?)t.Status).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
            return new HumanTaskDecisionResult(false, current); // nothing written: the transaction rolls back
        }

        context.Outbox.Add(ToRow(decision.Message));
        await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new HumanTaskDecisionResult(true, status);
    }

    /// <summary>Deletes inbox rows received before <paramref name="before"/>, in batches.</summary>
    /// <param name="before">The cut-off.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many rows were deleted.</returns>
    public async Task<int> DeleteInboxBeforeAsync(DateTimeOffset before, CancellationToken cancellationToken = default)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await context.Inbox.Where(i => i.ReceivedAt < before).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Deletes the outbox rows whose delete still waits, then releases the store.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        await Dispatched.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Deletes the outbox rows whose delete still waits (blocking), then releases the store.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    internal SagaStoreDbContext NewContext() => new(contextOptions, tables);

    internal static bool IsSerializationFailure(PostgresException ex) =>
        ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure;

    /// <summary>One statement, its own (implicit) transaction: the background and final deletes of dispatched rows.</summary>
    private async Task DeleteOutboxRowsAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await context.Outbox.Where(o => ids.Contains(o.MessageId)).ExecuteDeleteAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 3110, Level = LogLevel.Warning, Message = "Could not delete {Count} dispatched outbox rows; they stay queued (the outbox sweep re-sends them with their message ids if they are lost)")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, int count);

    private async ValueTask<SagaStoreDbContext> OpenAsync(CancellationToken cancellationToken)
    {
        if (!ready)
        {
            await EnsureSchemaAsync(cancellationToken).ConfigureAwait(false);
        }

        return NewContext();
    }

    private static async Task WriteTaskAsync(SagaStoreDbContext context, SagaCommit commit, SagaSnapshot snapshot, CancellationToken cancellationToken)
    {
        await CloseReplacedTasksAsync(context, commit, snapshot, cancellationToken).ConfigureAwait(false);
        if (snapshot.Task is not { } task)
        {
            return;
        }

        bool exists;
        if (commit.ExpectedVersion == 0)
        {
            exists = false;
        }
        else if (commit.Replaces is { } before)
        {
            if (before.Task == task && commit.DecidedTaskId != task.TaskId)
            {
                return; // unchanged: nothing to write (a handled decision is written: its close of the row gives way to the saga's status)
            }

            exists = before.Task?.TaskId == task.TaskId;
        }
        else
        {
            exists = await context.Tasks.AnyAsync(t => t.TaskId == task.TaskId, cancellationToken).ConfigureAwait(false);
        }

        var row = ToRow(task);
        if (!exists)
        {
            context.Tasks.Add(row);
        }
        else if (task.Status == HumanTaskStatus.Open && commit.DecidedTaskId != task.TaskId)
        {
            // The saga still waits (an escalation, a new due time): it writes what it owns and leaves the status alone.
            // A decision may have closed the row since the saga read it (TryDecideTaskAsync); writing the saga's "Open"
            // over it reopened the task and let a second decision in (the fault suite's hosts-3).
            var entry = context.Tasks.Attach(row);
            foreach (var owned in new[] { nameof(TaskRow.Name), nameof(TaskRow.State), nameof(TaskRow.Assignee), nameof(TaskRow.EscalateTo), nameof(TaskRow.DueAt), nameof(TaskRow.ExpiresAt), nameof(TaskRow.Escalated) })
            {
                entry.Property(owned).IsModified = true;
            }
        }
        else
        {
            context.Tasks.Attach(row).State = EntityState.Modified;
        }
    }

    /// <summary>
    /// A step that leaves a waiting state and enters another (or the same) one replaces the open task
    /// on the row; the replaced task's own row is closed as Cancelled in the same commit, so the task
    /// inbox never lists a task its saga no longer waits for.
    /// </summary>
    private static async Task CloseReplacedTasksAsync(SagaStoreDbContext context, SagaCommit commit, SagaSnapshot snapshot, CancellationToken cancellationToken)
    {
        if (commit.ExpectedVersion == 0)
        {
            return;
        }

        var current = snapshot.Task?.TaskId;
        if (commit.Replaces is { } before)
        {
            if (before.Task is { Status: HumanTaskStatus.Open } old && old.TaskId != current)
            {
                context.Tasks.Attach(ToRow(old with { Status = HumanTaskStatus.Cancelled, ClosedAt = snapshot.UpdatedAt })).State = EntityState.Modified;
            }

            return;
        }

        var stale = await context.Tasks.AsTracking()
            .Where(t => t.SagaType == snapshot.SagaType && t.SagaId == snapshot.SagaId && t.Status == HumanTaskStatus.Open && t.TaskId != current)
            .ToListAsync(cancellationToken).ConfigureAwait(false);
        foreach (var row in stale)
        {
            row.Status = HumanTaskStatus.Cancelled;
            row.ClosedAt = snapshot.UpdatedAt;
            context.Entry(row).State = EntityState.Modified;
        }
    }

    internal static SagaConcurrencyException Conflict(SagaCommit commit, Exception inner)
    {
        var snapshot = commit.Snapshot;
        return new SagaConcurrencyException(snapshot?.SagaType ?? commit.Consumer, snapshot?.SagaId ?? Guid.Empty, commit.ExpectedVersion, inner);
    }

    internal static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        PostgresException pg => pg.SqlState == PostgresErrorCodes.UniqueViolation,
        SqliteException sqlite => sqlite.SqliteExtendedErrorCode is 1555 or 2067, // SQLITE_CONSTRAINT_PRIMARYKEY, SQLITE_CONSTRAINT_UNIQUE (not CHECK, NOT NULL)
        _ => false,
    };

    private static SagaRow ToRow(SagaSnapshot s, long version) => new()
    {
        SagaType = s.SagaType,
        SagaId = s.SagaId,
        State = s.State,
        IsFinal = s.IsFinal,
        Data = s.Data,
        Version = version,
        LastSequence = s.LastSequence,
        DefinitionVersion = s.DefinitionVersion,
        DeadlineId = s.Deadline?.Id,
        DeadlineDueAt = s.Deadline?.DueAt,
        DeadlineKind = s.Deadline?.Kind,
        Compensations = JsonSerializer.Serialize(s.Compensations, Json),
        Runtime = s.Compensating is null && s.JoinArrivals.Count == 0 && s.Task is null
            ? null
            : JsonSerializer.Serialize(new RuntimeDocument(s.Compensating, s.JoinArrivals, s.Task), Json),
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
    };

    internal static SagaSnapshot ToSnapshot(SagaRow r)
    {
        var runtime = r.Runtime is null ? null : JsonSerializer.Deserialize<RuntimeDocument>(r.Runtime, Json);
        return new SagaSnapshot
        {
            SagaType = r.SagaType,
            SagaId = r.SagaId,
            State = r.State,
            IsFinal = r.IsFinal,
            Data = r.Data,
            Version = r.Version,
            LastSequence = r.LastSequence,
            DefinitionVersion = r.DefinitionVersion,
            Deadline = r.DeadlineId is { } id && r.DeadlineDueAt is { } due && r.DeadlineKind is { } kind ? new SagaDeadline(id, due, kind) : null,
            Compensations = JsonSerializer.Deserialize<List<PendingCompensation>>(r.Compensations, Json) ?? [],
            Compensating = runtime?.Compensating,
            JoinArrivals = runtime?.JoinArrivals ?? [],
            Task = runtime?.Task,
            CreatedAt = r.CreatedAt,
            UpdatedAt = r.UpdatedAt,
        };
    }

    private static HistoryRow ToRow(SagaSnapshot s, SagaHistoryEntry h) => new()
    {
        SagaType = s.SagaType,
        SagaId = s.SagaId,
        Sequence = h.Sequence,
        FromState = h.From,
        ToState = h.To,
        Trigger = h.Trigger,
        MessageId = h.MessageId,
        At = h.At,
        Kind = h.Kind,
        Detail = h.Detail,
    };

    private static OutboxMessage ToRow(OutboxEntry e) => OutboxMessages.ToRow(e.SagaType, e.SagaId, e.Message, e.CreatedAt);

    private static TaskRow ToRow(HumanTask t) => new()
    {
        TaskId = t.TaskId,
        SagaType = t.SagaType,
        SagaId = t.SagaId,
        Name = t.Name,
        State = t.State,
        Assignee = t.Assignee,
        EscalateTo = t.EscalateTo,
        CreatedAt = t.CreatedAt,
        DueAt = t.DueAt,
        ExpiresAt = t.ExpiresAt,
        Escalated = t.Escalated,
        Status = t.Status,
        DecidedBy = t.DecidedBy,
        ClosedAt = t.ClosedAt,
    };

    private static HumanTask ToTask(TaskRow t) =>
        new(t.TaskId, t.SagaType, t.SagaId, t.Name, t.State, t.Assignee, t.EscalateTo, t.CreatedAt, t.DueAt, t.ExpiresAt, t.Escalated, t.Status, t.DecidedBy, t.ClosedAt);

    private sealed record RuntimeDocument(CompensationRun? Compensating, IReadOnlyList<string> JoinArrivals, HumanTask? Task);
}

/// <summary>Turns outgoing messages into outbox rows and back (type name plus JSON body).</summary>
internal static class OutboxMessages
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly ConcurrentDictionary<string, Type> Types = new(StringComparer.Ordinal);

    public static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static OutboxMessage ToRow(string source, Guid correlationId, OutgoingMessage message, DateTimeOffset createdAt) => new()
    {
        MessageId = message.MessageId,
        Source = source,
        CorrelationId = correlationId,
        MessageType = TypeName(message.MessageType),
        Destination = message.Destination,
        Body = JsonSerializer.Serialize(message.Message, message.MessageType, Json),
        CreatedAt = createdAt,
    };

    /// <exception cref="SagaExecutionException">The row names a type this process cannot load.</exception>
    public static OutgoingMessage ToOutgoing(OutboxMessage row)
    {
        var type = Types.GetOrAdd(row.MessageType, static name => Type.GetType(name, throwOnError: false)
            ?? throw new SagaExecutionException($"An outbox row names message type '{name}', which this process cannot load; deploy the assembly that defines it."));
        var message = JsonSerializer.Deserialize(row.Body, type, Json)
            ?? throw new SagaExecutionException($"Outbox row {row.MessageId} of type '{row.MessageType}' has an empty body.");
        return new OutgoingMessage(row.MessageId, type, message, row.Destination);
    }
}
