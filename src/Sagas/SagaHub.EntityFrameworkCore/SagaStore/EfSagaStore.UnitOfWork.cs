using Microsoft.EntityFrameworkCore;
using Npgsql;
using static SagaHub.EntityFrameworkCore.SagaRowMapping;

namespace SagaHub.EntityFrameworkCore;

/// <summary>The unit of work of one message: the session (<see cref="BeginAsync"/>), and the plain reads and commit.</summary>
public sealed partial class EfSagaStore
{
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
    /// Begins a message's unit of work in one database transaction on one connection: one round trip reads the inbox and
    /// the saga row, locked, and deletes the outbox rows dispatched since the previous unit of work.
    /// </summary>
    /// <remarks>
    /// A concurrent session for the same saga waits until this one ends (<c>FOR UPDATE</c> on PostgreSQL,
    /// <c>BEGIN IMMEDIATE</c> on SQLite). Disposing the session without a commit rolls back.
    /// </remarks>
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

    /// <summary>The commit on its own, outside a session: one <c>SaveChanges</c> in its own transaction, the version check its only guard.</summary>
    /// <param name="commit">What to write.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the write is durable.</returns>
    /// <exception cref="SagaConcurrencyException">The row changed since it was read (or was inserted by another message).</exception>
    /// <exception cref="DuplicateMessageException">The inbox already holds the message.</exception>
    public async ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(commit);
        await using var context = await OpenAsync(cancellationToken).ConfigureAwait(false);
        context.ChangeTracker.AutoDetectChangesEnabled = false;
        Stage(context, time.GetUtcNow(), commit);
        try
        {
            await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw Conflict(commit, ex);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            if (await WasProcessedAsync(commit.Consumer, commit.MessageId, cancellationToken).ConfigureAwait(false))
            {
                throw new DuplicateMessageException(commit.Consumer, commit.MessageId);
            }

            throw Conflict(commit, ex);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException pg && DatabaseErrors.IsSerializationFailure(pg))
        {
            throw Conflict(commit, ex);
        }
    }

    /// <summary>Adds a commit's rows to the context (nothing is sent until SaveChanges).</summary>
    internal static void Stage(SagaStoreDbContext context, DateTimeOffset now, SagaCommit commit)
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
            StageTasks(context, commit.TaskChanges);
        }

        context.Outbox.AddRange(commit.Outbox.Select(ToRow));
    }

    internal static SagaConcurrencyException Conflict(SagaCommit commit, Exception inner)
    {
        var snapshot = commit.Snapshot;
        return new SagaConcurrencyException(snapshot?.SagaType ?? commit.Consumer, snapshot?.SagaId ?? Guid.Empty, commit.ExpectedVersion, inner);
    }
}
