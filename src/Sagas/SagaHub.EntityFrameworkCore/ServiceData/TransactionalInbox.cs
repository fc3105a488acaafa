using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// The inbox and transactional outbox of a plain service consumer on its own <typeparamref name="TDbContext"/>:
/// <see cref="RunAsync{TMessage}"/> commits the data change and the events it writes in one transaction.
/// </summary>
/// <remarks>
/// The context maps <see cref="InboxMessage"/> and <see cref="OutboxMessage"/> (<see cref="SagaHubTables.MapInboxAndOutbox"/>).
/// After the commit the rows go to the bus with their message ids; the outbox sweep
/// (<see cref="ServiceOutboxExtensions.AddSagaHubInbox{TDbContext}"/>) delivers what a crash leaves behind.
/// </remarks>
/// <typeparam name="TDbContext">The service's context (scoped, shared with the consumer).</typeparam>
/// <param name="db">The service's context.</param>
/// <param name="time">The clock that stamps inbox and outbox rows.</param>
/// <param name="schemas">The schema migrations to finish before the first message.</param>
/// <param name="dispatched">The service database's queue of dispatched outbox rows waiting for their delete.</param>
/// <param name="health">Where the dispatches after a commit report whether the bus takes messages.</param>
/// <param name="logger">The logger.</param>
public sealed partial class TransactionalInbox<TDbContext>(TDbContext db, TimeProvider time, IEnumerable<SchemaGate<TDbContext>> schemas, ServiceOutboxDeletes<TDbContext> dispatched, DispatchHealth health, ILogger<TransactionalInbox<TDbContext>> logger)
    where TDbContext : DbContext
{
    private static readonly ConditionalWeakTable<IModel, InboxSql> Statements = [];

    /// <summary>Handles <paramref name="context"/>'s message once for <paramref name="consumer"/>, in one database transaction.</summary>
    /// <remarks>A duplicate rolls back (the queued deletes it took go back in the queue) and changes nothing.</remarks>
    /// <typeparam name="TMessage">The message type.</typeparam>
    /// <param name="context">The consume context (its message id is the inbox key; dispatch goes through it).</param>
    /// <param name="consumer">The inbox's consumer name, stable across deployments (e.g. <c>inventory.reserve-stock</c>).</param>
    /// <param name="handler">Changes data through the context and writes messages to the outbox; do not call SaveChanges or open a transaction.</param>
    /// <returns>True when handled now; false for a duplicate (handled before, nothing done).</returns>
    /// <exception cref="SagaExecutionException">The message has no id, so it cannot be deduplicated.</exception>
    public async Task<bool> RunAsync<TMessage>(ConsumeContext<TMessage> context, string consumer, Func<TDbContext, IOutboxWriter, Task> handler)
        where TMessage : class
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(handler);
        var messageId = context.MessageId ?? throw new SagaExecutionException($"A {typeof(TMessage).Name} reached '{consumer}' without a MessageId; it cannot be deduplicated.");
        var ct = context.CancellationToken;
        foreach (var schema in schemas)
        {
            await schema.EnsureAsync(ct).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        var writer = new Writer(consumer, messageId, context.CorrelationId ?? messageId, now);
        var deleting = dispatched.Queue.Take();
        var committed = false;
        try
        {
            committed = await TransactAsync(consumer, messageId, now, writer, handler, deleting, ct).ConfigureAwait(false);
        }
        catch
        {
            // Rolled back: forget what the attempt tracked, so a retry on this context starts clean.
            db.ChangeTracker.Clear();
            throw;
        }
        finally
        {
            if (committed)
            {
                dispatched.Queue.Deleted(deleting);
            }
            else
            {
                dispatched.Queue.Return(deleting); // the transaction that was to delete them rolled back
            }
        }

        db.ChangeTracker.Clear();
        if (!committed)
        {
            LogDuplicate(logger, consumer, messageId, typeof(TMessage).Name);
            return false;
        }

        var delivered = await ServiceOutboxDispatch.DispatchAsync(writer.Rows, context, context, dispatched.DispatchTimeout, time, health, logger, ct).ConfigureAwait(false);
        if (delivered.Count > 0 && !dispatched.Queue.Add(delivered))
        {
            await ServiceOutboxDeletes<TDbContext>.DeleteNowAsync(db, delivered, CancellationToken.None).ConfigureAwait(false); // the host is stopping: no more batches
        }

        return true;
    }

    /// <summary>The message's transaction: true when it committed, false for a duplicate (rolled back); throws when it failed.</summary>
    private async Task<bool> TransactAsync(string consumer, Guid messageId, DateTimeOffset now, Writer writer, Func<TDbContext, IOutboxWriter, Task> handler, Guid[] deleting, CancellationToken ct)
    {
        var savepoints = db.Database.AutoSavepointsEnabled;
        db.Database.AutoSavepointsEnabled = false; // no SAVEPOINT/RELEASE round trips around SaveChanges: a failure rolls the whole transaction back anyway
        try
        {
            var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            await using (transaction.ConfigureAwait(false))
            {
                if (await BeginAsync(transaction, consumer, messageId, deleting, ct).ConfigureAwait(false))
                {
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    return false;
                }

                db.Add(new InboxMessage { Consumer = consumer, MessageId = messageId, ReceivedAt = now });
                await handler(db, writer).ConfigureAwait(false);
                db.AddRange(writer.Rows);
                try
                {
                    await db.SaveChangesAsync(ct).ConfigureAwait(false);
                    await transaction.CommitAsync(ct).ConfigureAwait(false);
                    return true;
                }
                catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
                {
                    // A concurrent copy of the message may have committed its inbox row first: ask after the rollback.
                    await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                    db.ChangeTracker.Clear();
                    if (await db.Set<InboxMessage>().AnyAsync(i => i.Consumer == consumer && i.MessageId == messageId, ct).ConfigureAwait(false))
                    {
                        return false;
                    }

                    throw;
                }
            }
        }
        finally
        {
            db.Database.AutoSavepointsEnabled = savepoints;
        }
    }

    /// <summary>
    /// The transaction's first statements: whether the inbox holds the message, and the delete of the dispatched
    /// outbox rows taken from the queue. On PostgreSQL one batch, sent with the deferred <c>BEGIN</c>: one round trip.
    /// </summary>
    /// <returns>True when the message was handled before.</returns>
    private async Task<bool> BeginAsync(IDbContextTransaction transaction, string consumer, Guid messageId, Guid[] deleting, CancellationToken cancellationToken)
    {
        if (!db.Database.IsNpgsql())
        {
            // SQLite: in-process, nothing to pipeline; the transaction began IMMEDIATE and holds the write lock.
            if (await db.Set<InboxMessage>().AnyAsync(i => i.Consumer == consumer && i.MessageId == messageId, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }

            if (deleting.Length > 0)
            {
                await ServiceOutboxDeletes<TDbContext>.DeleteNowAsync(db, deleting, cancellationToken).ConfigureAwait(false);
            }

            return false;
        }

        if (!Statements.TryGetValue(db.Model, out var sql))
        {
            sql = InboxSql.For(db);
            Statements.AddOrUpdate(db.Model, sql);
        }

        var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
        await using (batch.ConfigureAwait(false))
        {
            batch.BatchCommands.Add(Command(sql.Exists, consumer, messageId));
            if (deleting.Length > 0)
            {
                batch.BatchCommands.Add(Command(sql.Delete, deleting));
            }

            if (db.Database.GetCommandTimeout() is { } seconds)
            {
                batch.Timeout = seconds;
            }

            var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await using (reader.ConfigureAwait(false))
            {
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                var processed = reader.GetBoolean(0);
                while (await reader.NextResultAsync(cancellationToken).ConfigureAwait(false))
                {
                    // run the delete and surface its error here
                }

                return processed;
            }
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] values)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return command;
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Skipped message {MessageId} ({MessageType}): '{Consumer}' handled it before")]
    private static partial void LogDuplicate(ILogger logger, string consumer, Guid messageId, string messageType);

    /// <summary>Outbox rows with ids derived from (consumer, incoming message id, index): a re-run writes the same ids.</summary>
    private sealed class Writer(string consumer, Guid messageId, Guid correlationId, DateTimeOffset now) : IOutboxWriter
    {
        private readonly Guid consumerKey = new(SHA256.HashData(Encoding.UTF8.GetBytes(consumer)).AsSpan(0, 16));

        public List<OutboxMessage> Rows { get; } = [];

        public void Publish<T>(T message)
            where T : class => Add(message, null);

        public void Send<T>(string queue, T message)
            where T : class
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(queue);
            Add(message, queue);
        }

        private void Add<T>(T message, string? destination)
            where T : class
        {
            ArgumentNullException.ThrowIfNull(message);
            var id = DeterministicIds.For(consumerKey, messageId, Rows.Count);
            // One microsecond apart (PostgreSQL's precision): the sweep re-sends them in the order written.
            Rows.Add(OutboxMessages.ToRow(consumer, correlationId, new OutgoingMessage(id, typeof(T), message, destination), now.AddTicks(Rows.Count * 10L)));
        }
    }

    /// <summary>The inbox check and the outbox delete in SQL, with the table and column names of the context's model.</summary>
    private sealed record InboxSql(string Exists, string Delete)
    {
        public static InboxSql For(DbContext db)
        {
            var sql = db.GetService<ISqlGenerationHelper>();
            (string Table, Func<string, string> Column) Names(Type entity)
            {
                var type = db.Model.FindEntityType(entity) ?? throw new SagaConfigurationException($"{typeof(TDbContext).Name} does not map {entity.Name}; call SagaHubTables.MapInboxAndOutbox in OnModelCreating.");
                var table = StoreObjectIdentifier.Table(type.GetTableName()!, type.GetSchema());
                return (sql.DelimitIdentifier(table.Name, table.Schema), property => sql.DelimitIdentifier(type.FindProperty(property)!.GetColumnName(table)!));
            }

            var inbox = Names(typeof(InboxMessage));
            var outbox = Names(typeof(OutboxMessage));
            return new InboxSql(
                $"SELECT EXISTS (SELECT 1 FROM {inbox.Table} WHERE {inbox.Column(nameof(InboxMessage.Consumer))} = $1 AND {inbox.Column(nameof(InboxMessage.MessageId))} = $2)",
                $"DELETE FROM {outbox.Table} WHERE {outbox.Column(nameof(OutboxMessage.MessageId))} = ANY($1)");
        }
    }
}
