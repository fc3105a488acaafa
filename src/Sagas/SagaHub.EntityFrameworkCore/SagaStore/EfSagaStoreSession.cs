using System.Data.Common;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace SagaHub.EntityFrameworkCore;

/// <summary>One message's unit of work on <see cref="EfSagaStore"/>: one context, one connection, one database transaction.</summary>
/// <remarks>Disposed without a commit, it rolls back and the dispatched ids it took go back in the queue.</remarks>
internal sealed class EfSagaStoreSession : ISagaStoreSession
{
    private readonly EfSagaStore store;
    private readonly SagaStoreDbContext context;
    private readonly IDbContextTransaction transaction;
    private readonly Guid[] deleting;
    private bool finished;
    private bool released;

    private EfSagaStoreSession(EfSagaStore store, SagaStoreDbContext context, IDbContextTransaction transaction, string sagaType, Guid sagaId, string consumer, Guid messageId, bool alreadyProcessed, SagaSnapshot? snapshot, Guid[] deleting)
    {
        this.store = store;
        this.context = context;
        this.transaction = transaction;
        this.deleting = deleting;
        SagaType = sagaType;
        SagaId = sagaId;
        Consumer = consumer;
        MessageId = messageId;
        AlreadyProcessed = alreadyProcessed;
        Snapshot = snapshot;
    }

    public string SagaType { get; }

    public Guid SagaId { get; }

    public string Consumer { get; }

    public Guid MessageId { get; }

    public bool AlreadyProcessed { get; }

    public SagaSnapshot? Snapshot { get; }

    /// <summary>Opens the transaction and reads, in one round trip; on failure nothing stays open.</summary>
    public static async ValueTask<EfSagaStoreSession> BeginAsync(EfSagaStore store, SagaStoreDbContext context, DispatchedOutbox dispatched, string sagaType, Guid sagaId, string consumer, Guid messageId, CancellationToken cancellationToken)
    {
        Guid[] deleting = [];
        try
        {
            context.Database.AutoSavepointsEnabled = false; // no SAVEPOINT round trip before SaveChanges
            context.ChangeTracker.AutoDetectChangesEnabled = false;
            var transaction = await context.Database.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            deleting = dispatched.Take();
            var (processed, row) = await ReadAsync(context, transaction.GetDbTransaction(), sagaType, sagaId, consumer, messageId, deleting, cancellationToken).ConfigureAwait(false);
            var snapshot = processed || row is null ? null : SagaRowMapping.ToSnapshot(row);
            return new EfSagaStoreSession(store, context, transaction, sagaType, sagaId, consumer, messageId, processed, snapshot, deleting);
        }
        catch (Exception ex)
        {
            dispatched.Return(deleting);
            await context.DisposeAsync().ConfigureAwait(false); // rolls the transaction back
            if (ex is PostgresException pg && DatabaseErrors.IsSerializationFailure(pg))
            {
                throw new SagaConcurrencyException(sagaType, sagaId, 0, ex);
            }

            throw;
        }
    }

    public async ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default)
    {
        SagaStoreSession.EnsureBelongsTo(this, commit);
        if (finished)
        {
            throw new InvalidOperationException($"The session of message {MessageId} for '{SagaType}' {SagaId} is finished; begin a new one.");
        }

        finished = true;
        var committed = false;
        try
        {
            if (AlreadyProcessed)
            {
                throw new DuplicateMessageException(Consumer, MessageId);
            }

            EfSagaStore.Stage(context, store.Now, commit);
            try
            {
                await context.SaveChangesAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DbUpdateConcurrencyException ex)
            {
                throw EfSagaStore.Conflict(commit, ex);
            }
            catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
            {
                await ReleaseAsync().ConfigureAwait(false); // roll back before asking: the rival's row is committed by now
                if (await store.WasProcessedAsync(Consumer, MessageId, cancellationToken).ConfigureAwait(false))
                {
                    throw new DuplicateMessageException(Consumer, MessageId);
                }

                throw EfSagaStore.Conflict(commit, ex);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException pg && DatabaseErrors.IsSerializationFailure(pg))
            {
                throw EfSagaStore.Conflict(commit, ex);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            committed = true;
        }
        finally
        {
            if (committed)
            {
                store.Dispatched.Deleted(deleting);
            }
            else
            {
                store.Dispatched.Return(deleting);
            }

            await ReleaseAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!finished)
        {
            finished = true;
            store.Dispatched.Return(deleting);
        }

        await ReleaseAsync().ConfigureAwait(false);
    }

    private async ValueTask ReleaseAsync()
    {
        if (released)
        {
            return;
        }

        released = true;
        await transaction.DisposeAsync().ConfigureAwait(false); // rolls back unless committed
        await context.DisposeAsync().ConfigureAwait(false);
    }

    private static async Task<(bool Processed, SagaRow? Row)> ReadAsync(SagaStoreDbContext context, DbTransaction transaction, string sagaType, Guid sagaId, string consumer, Guid messageId, Guid[] deleting, CancellationToken cancellationToken)
    {
        var tables = context.Tables;
        var connection = context.Database.GetDbConnection();
        var timeout = context.Database.GetCommandTimeout();
        string Inbox(string consumerParameter, string messageParameter) =>
            $"SELECT EXISTS (SELECT 1 FROM {tables.Sql("inbox")} WHERE consumer = {consumerParameter} AND message_id = {messageParameter})";
        string Saga(string typeParameter, string idParameter) =>
            $"SELECT {SagaColumns} FROM {tables.Sql("sagas")} WHERE saga_type = {typeParameter} AND saga_id = {idParameter}";

        if (tables.Provider == SagaStoreProvider.PostgreSql)
        {
            // One batch, one round trip (Npgsql sends the deferred BEGIN with it). FOR UPDATE: a concurrent
            // message for this saga waits here until this transaction ends, then reads the committed row.
            var batch = new NpgsqlBatch((NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
            await using (batch.ConfigureAwait(false))
            {
                batch.BatchCommands.Add(Command(Inbox("$1", "$2"), consumer, messageId));
                batch.BatchCommands.Add(Command(Saga("$1", "$2") + " FOR UPDATE", sagaType, sagaId));
                if (deleting.Length > 0)
                {
                    batch.BatchCommands.Add(Command($"DELETE FROM {tables.Sql("outbox")} WHERE message_id = ANY($1)", deleting));
                }

                if (timeout is { } seconds)
                {
                    batch.Timeout = seconds;
                }

                return await ConsumeAsync(await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false), tables.Provider, cancellationToken).ConfigureAwait(false);
            }
        }

        // SQLite: the transaction began IMMEDIATE and holds the database's write lock; one command, three statements.
        var command = ((SqliteConnection)connection).CreateCommand();
        await using (command.ConfigureAwait(false))
        {
            command.Transaction = (SqliteTransaction)transaction;
            command.CommandText = Inbox("$consumer", "$message") + ";\n" + Saga("$type", "$id") + ";\n"
                + (deleting.Length > 0 ? $"DELETE FROM {tables.Sql("outbox")} WHERE message_id IN (SELECT value FROM json_each($dispatched));" : string.Empty);
            command.Parameters.AddWithValue("$consumer", consumer);
            command.Parameters.AddWithValue("$message", SqliteGuid(messageId));
            command.Parameters.AddWithValue("$type", sagaType);
            command.Parameters.AddWithValue("$id", SqliteGuid(sagaId));
            if (deleting.Length > 0)
            {
                command.Parameters.AddWithValue("$dispatched", JsonSerializer.Serialize(deleting.Select(SqliteGuid)));
            }

            if (timeout is { } seconds)
            {
                command.CommandTimeout = seconds;
            }

            return await ConsumeAsync(await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false), tables.Provider, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<(bool Processed, SagaRow? Row)> ConsumeAsync(DbDataReader reader, SagaStoreProvider provider, CancellationToken cancellationToken)
    {
        await using (reader.ConfigureAwait(false))
        {
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var processed = reader.GetBoolean(0);
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            var row = await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRow(reader, provider) : null;
            while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
            {
                // run the remaining statement (the delete) and surface its error here
            }

            return (processed, row);
        }
    }

    private const string SagaColumns = "saga_type, saga_id, state, is_final, data, version, last_sequence, definition_version, deadline_id, deadline_due_at, deadline_kind, compensations, runtime, created_at, updated_at, is_parked, expected_by, search_values";

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    /// <summary>How EF Core's SQLite provider stores a <see cref="Guid"/>: upper-case text.</summary>
    private static string SqliteGuid(Guid id) => id.ToString("D").ToUpperInvariant();

    private static SagaRow ReadRow(DbDataReader r, SagaStoreProvider provider)
    {
        DateTimeOffset Time(int i) => provider == SagaStoreProvider.PostgreSql
            ? r.GetFieldValue<DateTimeOffset>(i)
            : new DateTimeOffset(r.GetInt64(i), TimeSpan.Zero);
        string? Text(int i) => r.IsDBNull(i) ? null : r.GetString(i);
        return new SagaRow
        {
            SagaType = r.GetString(0),
            SagaId = r.GetGuid(1),
            State = r.GetString(2),
            IsFinal = r.GetBoolean(3),
            Data = r.GetString(4),
            Version = r.GetInt64(5),
            LastSequence = r.GetInt64(6),
            DefinitionVersion = r.GetInt32(7),
            DeadlineId = r.IsDBNull(8) ? null : r.GetGuid(8),
            DeadlineDueAt = r.IsDBNull(9) ? null : Time(9),
            DeadlineKind = Text(10) is { } kind ? Enum.Parse<SagaDeadlineKind>(kind) : null,
            Compensations = r.GetString(11),
            Runtime = Text(12),
            CreatedAt = Time(13),
            UpdatedAt = Time(14),
            IsParked = r.GetBoolean(15),
            ExpectedBy = r.IsDBNull(16) ? null : Time(16),
            SearchValues = Text(17),
        };
    }
}
