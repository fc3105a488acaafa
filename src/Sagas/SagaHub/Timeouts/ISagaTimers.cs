namespace SagaHub;

/// <summary>
/// Fires due deadlines (timeouts, task escalations and expiries): claims a batch from the store and sends each saga a
/// <see cref="SagaTimeoutElapsed"/> on its own queue.
/// </summary>
/// <remarks>Runs in every saga host; claims keep competing hosts from firing one deadline twice.</remarks>
public interface ISagaTimers
{
    /// <summary>Fires every deadline due now (in batches) and returns how many were sent.</summary>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>The number of timer messages sent.</returns>
    Task<int> FireDueAsync(CancellationToken cancellationToken = default);

    /// <summary>When the next deadline nobody holds comes due, or null when there is none (or the store cannot tell).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The due time, or null.</returns>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) => Task.FromResult<DateTimeOffset?>(null);
}
