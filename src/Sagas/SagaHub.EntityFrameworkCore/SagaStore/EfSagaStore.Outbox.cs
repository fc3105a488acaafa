using Microsoft.EntityFrameworkCore;

namespace SagaHub.EntityFrameworkCore;

/// <summary>The outbox: the sweep's reads and claims (parking rows that cannot be sent), and the queued deletes of dispatched rows.</summary>
public sealed partial class EfSagaStore
{
    /// <summary>Outbox rows not yet dispatched (nor parked), oldest first, without claiming them.</summary>
    /// <remarks>
    /// A row whose message type this process cannot load is parked instead: marked (<c>failed_at</c>, <c>failure</c>),
    /// logged, counted in <c>sagahub.outbox.parked</c> and never returned again.
    /// </remarks>
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
    /// The sweep's read: claims up to <paramref name="max"/> live rows for <see cref="SagaStoreOptions.OutboxClaimLease"/>,
    /// so other hosts' sweeps pass them over.
    /// </summary>
    /// <remarks>
    /// Rows whose delete is queued are skipped; rows whose type does not load are parked as in
    /// <see cref="GetUndispatchedAsync"/>.
    /// </remarks>
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
    /// Queues the rows' delete for the next unit of work's transaction; <see cref="GetUndispatchedAsync"/> skips queued ids.
    /// </summary>
    /// <remarks>
    /// Ids that wait longer than <see cref="SagaStoreOptions.OutboxDeleteDelay"/>, or more than
    /// <see cref="SagaStoreOptions.OutboxDeleteThreshold"/> of them, are deleted by the store in one statement. After
    /// <see cref="DisposeAsync"/> the rows are deleted at once.
    /// </remarks>
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
}
