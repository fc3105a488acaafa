using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// The outbox rows of one service database (<typeparamref name="TDbContext"/>'s, one instance per container) that were
/// handed to the bus and wait for their delete.
/// </summary>
/// <remarks>
/// <see cref="TransactionalInbox{TDbContext}.RunAsync{TMessage}"/> queues the rows it dispatched; the next one deletes up to
/// <see cref="ServiceOutboxOptions.OutboxDeleteThreshold"/> of them in its transaction. Ids left longer than
/// <see cref="ServiceOutboxOptions.OutboxDeleteDelay"/>, or beyond the threshold, are deleted in a statement of their own.
/// </remarks>
/// <typeparam name="TDbContext">The service's context.</typeparam>
public sealed partial class ServiceOutboxDeletes<TDbContext> : IAsyncDisposable
    where TDbContext : DbContext
{
    private readonly IServiceScopeFactory scopes;

    internal ServiceOutboxDeletes(IServiceScopeFactory scopes, ServiceOutboxOptions options, ILogger logger)
    {
        this.scopes = scopes;
        options.Validate();
        DispatchTimeout = options.DispatchTimeout;
        Queue = new DispatchedOutbox(DeleteAsync, (ex, count) => LogDeleteFailed(logger, ex, count, typeof(TDbContext).Name), options.OutboxDeleteDelay, options.OutboxDeleteThreshold);
    }

    /// <summary>How many dispatched rows wait for a transaction to delete them (not counting those a running transaction took).</summary>
    public int PendingCount => Queue.PendingCount;

    /// <summary>Every dispatched row whose delete has not committed yet (waiting, or taken by a running transaction).</summary>
    /// <returns>Their message ids.</returns>
    public IReadOnlyList<Guid> Queued() => Queue.Known();

    internal DispatchedOutbox Queue { get; }

    /// <summary>The options' <see cref="ServiceOutboxOptions.DispatchTimeout"/>, for the inline dispatch after a commit.</summary>
    internal TimeSpan DispatchTimeout { get; }

    /// <summary>
    /// Deletes what waits, in as few statements as it takes, and stops queueing: from now on dispatched rows are
    /// deleted at once. Called when the host stops; failures are logged (the sweep re-sends those rows).
    /// </summary>
    /// <returns>A task.</returns>
    public ValueTask FlushAsync() => Queue.DisposeAsync();

    /// <summary>Like <see cref="FlushAsync"/> (a no-op once flushed).</summary>
    /// <returns>A task.</returns>
    public ValueTask DisposeAsync() => Queue.DisposeAsync();

    /// <summary>Deletes rows in one statement on a context of its own (the idle, threshold and final deletes).</summary>
    internal static Task DeleteNowAsync(DbContext db, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken) =>
        db.Set<OutboxMessage>().Where(o => ids.Contains(o.MessageId)).ExecuteDeleteAsync(cancellationToken);

    private async Task DeleteAsync(Guid[] ids, CancellationToken cancellationToken)
    {
        var scope = scopes.CreateAsyncScope();
        await using (scope.ConfigureAwait(false))
        {
            await DeleteNowAsync(scope.ServiceProvider.GetRequiredService<TDbContext>(), ids, cancellationToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "Could not delete {Count} dispatched outbox rows of {Context}; they stay queued (the outbox sweep re-sends them with their message ids if they are lost)")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, int count, string context);
}
