namespace SagaHub;

/// <summary>Wakes this host's sleeping timer service when a saga here sets a deadline due before the service means to wake.</summary>
/// <remarks>Deadlines set by other hosts are seen at the next pass, within the poll interval.</remarks>
internal sealed class SagaTimerSignal
{
    private readonly Lock gate = new();
    private DateTimeOffset wakeAt = DateTimeOffset.MaxValue;
    private DateTimeOffset earliestSet = DateTimeOffset.MaxValue;
    private TaskCompletionSource? sleeper;

    /// <summary>A pass begins: it sees every deadline committed before it, so forget those set until now.</summary>
    public void PassStarting()
    {
        lock (gate)
        {
            earliestSet = DateTimeOffset.MaxValue;
        }
    }

    /// <summary>A deadline due at <paramref name="dueAt"/> was committed.</summary>
    public void DeadlineSet(DateTimeOffset dueAt)
    {
        TaskCompletionSource? wake = null;
        lock (gate)
        {
            if (dueAt < earliestSet)
            {
                earliestSet = dueAt; // set during a pass or before the sleep began: the next sleep is cut short
            }

            if (dueAt < wakeAt && sleeper is not null)
            {
                wake = sleeper;
                sleeper = null;
                wakeAt = DateTimeOffset.MaxValue;
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>
    /// Completes when a deadline due before <paramref name="wakeAt"/> is set (at once when one was set since the
    /// pass began), or when cancelled.
    /// </summary>
    public Task WaitAsync(DateTimeOffset wakeAt, CancellationToken cancellationToken)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (earliestSet < wakeAt)
            {
                return Task.CompletedTask;
            }

            this.wakeAt = wakeAt;
            sleeper = tcs;
        }

        var registration = cancellationToken.Register(() => tcs.TrySetCanceled(cancellationToken));
        _ = tcs.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return tcs.Task;
    }
}
