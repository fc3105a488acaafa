namespace SagaHub;

/// <summary>The store's role for the timer service: claims of due deadlines, and when the next one comes due.</summary>
public interface ISagaDeadlineStore
{
    /// <summary>
    /// Claims up to <paramref name="max"/> unclaimed deadlines due at <paramref name="now"/> for <paramref name="lease"/>:
    /// until the lease ends they are not handed out again, so competing hosts do not fire one twice.
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
    /// When the earliest deadline that nobody holds comes due (it may already be past), or null when there is none;
    /// the timer service sleeps until then instead of a whole poll interval.
    /// </summary>
    /// <param name="now">The current time (a claim whose lease ends before it no longer holds its deadline).</param>
    /// <param name="sagaTypes">Only deadlines of these saga types, or null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The due time, or null.</returns>
    ValueTask<DateTimeOffset?> NextDeadlineAsync(DateTimeOffset now, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default);
}
