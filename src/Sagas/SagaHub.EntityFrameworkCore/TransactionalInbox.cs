using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Collects the messages a consumer produces; they are written to the outbox in its transaction.</summary>
public interface IOutboxWriter
{
    /// <summary>Publishes an event once the transaction commits.</summary>
    /// <typeparam name="T">The event type.</typeparam>
    /// <param name="message">The event.</param>
    void Publish<T>(T message)
        where T : class;

    /// <summary>Sends a command to a queue once the transaction commits.</summary>
    /// <typeparam name="T">The command type.</typeparam>
    /// <param name="queue">The destination queue.</param>
    /// <param name="message">The command.</param>
    void Send<T>(string queue, T message)
        where T : class;
}

/// <summary>
/// The inbox and transactional outbox of a plain service consumer on its own <typeparamref name="TDbContext"/>
/// (which maps <see cref="InboxMessage"/> and <see cref="OutboxMessage"/> with
/// <see cref="SagaHubTables.MapInboxAndOutbox"/>). <see cref="RunAsync{TMessage}"/> runs the handler in one
/// transaction with the inbox row and the outbox rows it writes: the data change and the events it
/// publishes commit together, and a redelivered message changes nothing. After the commit the rows
/// are handed to the bus with their message ids kept (downstream inboxes dedupe a re-send); what a
/// crash leaves behind is delivered by the outbox sweep (<see cref="ServiceOutboxExtensions.AddSagaHubInbox{TDbContext}"/>).
/// </summary>
/// <typeparam name="TDbContext">The service's context (scoped, shared with the consumer).</typeparam>
public sealed partial class TransactionalInbox<TDbContext>(TDbContext db, TimeProvider time, IEnumerable<SchemaGate<TDbContext>> schemas, ILogger<TransactionalInbox<TDbContext>> logger)
    where TDbContext : DbContext
{
    /// <summary>Handles <paramref name="context"/>'s message once for <paramref name="consumer"/>.</summary>
    /// <typeparam name="TMessage">The message type.</typeparam>
    /// <param name="context">The consume context (its message id is the inbox key; dispatch goes through it).</param>
    /// <param name="consumer">The inbox's consumer name, stable across deployments (e.g. <c>inventory.reserve-stock</c>).</param>
    /// <param name="handler">Changes data through the context and writes messages to the outbox; do not call SaveChanges.</param>
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

        if (await db.Set<InboxMessage>().AnyAsync(i => i.Consumer == consumer && i.MessageId == messageId, ct).ConfigureAwait(false))
        {
            LogDuplicate(logger, consumer, messageId, typeof(TMessage).Name);
            return false;
        }

        var now = time.GetUtcNow();
        var writer = new Writer(consumer, messageId, context.CorrelationId ?? messageId, now);
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct).ConfigureAwait(false);
            db.Add(new InboxMessage { Consumer = consumer, MessageId = messageId, ReceivedAt = now });
            await handler(db, writer).ConfigureAwait(false);
            db.AddRange(writer.Rows);
            try
            {
                await db.SaveChangesAsync(ct).ConfigureAwait(false);
                await transaction.CommitAsync(ct).ConfigureAwait(false);
            }
            catch (DbUpdateException ex) when (EfSagaStore.IsUniqueViolation(ex))
            {
                await transaction.RollbackAsync(CancellationToken.None).ConfigureAwait(false);
                db.ChangeTracker.Clear();
                if (await db.Set<InboxMessage>().AnyAsync(i => i.Consumer == consumer && i.MessageId == messageId, ct).ConfigureAwait(false))
                {
                    LogDuplicate(logger, consumer, messageId, typeof(TMessage).Name);
                    return false;
                }

                throw;
            }
        }
        catch
        {
            // Rolled back: forget what the attempt tracked, so a retry on this context starts clean.
            db.ChangeTracker.Clear();
            throw;
        }

        db.ChangeTracker.Clear();
        await DispatchAsync(db, writer.Rows, context, context, logger, ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Sends rows in order, deletes the delivered ones; stops at the first failure (the sweep retries).</summary>
    internal static async Task<int> DispatchAsync(DbContext db, IReadOnlyList<OutboxMessage> rows, ISendEndpointProvider sender, IPublishEndpoint publisher, ILogger logger, CancellationToken cancellationToken)
    {
        var delivered = new List<Guid>(rows.Count);
        foreach (var row in rows)
        {
            try
            {
                var entry = new OutboxEntry(row.Source, row.CorrelationId, OutboxMessages.ToOutgoing(row), row.CreatedAt);
                await OutboxDispatcher.SendOne(entry, sender, publisher, cancellationToken).ConfigureAwait(false);
                delivered.Add(row.MessageId);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogDispatchFailed(logger, ex, row.MessageId, row.MessageType, row.Source);
                break;
            }
        }

        if (delivered.Count > 0)
        {
            await db.Set<OutboxMessage>().Where(o => delivered.Contains(o.MessageId)).ExecuteDeleteAsync(CancellationToken.None).ConfigureAwait(false);
        }

        return delivered.Count;
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Information, Message = "Skipped message {MessageId} ({MessageType}): '{Consumer}' handled it before")]
    private static partial void LogDuplicate(ILogger logger, string consumer, Guid messageId, string messageType);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Warning, Message = "Could not dispatch outbox message {MessageId} ({MessageType}) of '{Source}'; the outbox sweep will retry")]
    private static partial void LogDispatchFailed(ILogger logger, Exception exception, Guid messageId, string messageType, string source);

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
            var id = FireEffects.DeterministicId(consumerKey, messageId, Rows.Count);
            // One microsecond apart (PostgreSQL's precision): the sweep re-sends them in the order written.
            Rows.Add(OutboxMessages.ToRow(consumer, correlationId, new OutgoingMessage(id, typeof(T), message, destination), now.AddTicks(Rows.Count * 10L)));
        }
    }
}
