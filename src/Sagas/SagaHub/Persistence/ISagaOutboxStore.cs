namespace SagaHub;

/// <summary>
/// The store's role for the outbox: rows a commit wrote wait here until they are handed to the bus; the dispatcher
/// marks what it sent, and the sweep claims and sends what a crash or a failed dispatch left behind.
/// </summary>
public interface ISagaOutboxStore
{
    /// <summary>Outbox rows not yet dispatched, created at or before <paramref name="createdBefore"/>, oldest first, without claiming them.</summary>
    /// <param name="createdBefore">Only rows at least this old (leave fresh rows to the dispatcher that wrote them).</param>
    /// <param name="max">Batch size.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows.</returns>
    ValueTask<IReadOnlyList<OutboxEntry>> GetUndispatchedAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken = default);

    /// <summary>
    /// The outbox sweep's read: like <see cref="GetUndispatchedAsync"/>, but the rows returned are claimed for the store's
    /// lease, so the sweeps of other hosts pass them over.
    /// </summary>
    /// <remarks>
    /// A crashed host's claim runs out and another sweep takes the row. Release what was not sent with
    /// <see cref="ReleaseUndispatchedAsync"/>. A store that only one process uses may return the unclaimed read.
    /// </remarks>
    /// <param name="createdBefore">Only rows at least this old.</param>
    /// <param name="max">Batch size.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The rows, now claimed by the caller.</returns>
    ValueTask<IReadOnlyList<OutboxEntry>> ClaimUndispatchedAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken = default);

    /// <summary>Ends the claims of rows a sweep took but did not send, so the next pass retries them at once.</summary>
    /// <param name="messageIds">The rows' message ids.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    ValueTask ReleaseUndispatchedAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks outbox rows dispatched and lets the store remove them, at once or later; this store instance's
    /// <see cref="GetUndispatchedAsync"/> no longer returns them.
    /// </summary>
    /// <remarks>Rows whose delete a crash lost are swept again, with their message ids.</remarks>
    /// <param name="messageIds">The rows' message ids.</param>
    /// <param name="at">When they were handed to the bus.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task.</returns>
    ValueTask MarkDispatchedAsync(IReadOnlyCollection<Guid> messageIds, DateTimeOffset at, CancellationToken cancellationToken = default);
}
