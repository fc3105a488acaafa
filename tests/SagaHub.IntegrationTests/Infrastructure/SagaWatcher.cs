using System.Collections.Concurrent;

namespace SagaHub.IntegrationTests.Infrastructure;

/// <summary>
/// An <see cref="ISagaObserver"/> that lets a test wait for a saga to reach a state in this process,
/// on a completion source set by the commit itself: no polling, no sleeps.
/// </summary>
public sealed class SagaWatcher : ISagaObserver
{
    private readonly ConcurrentDictionary<(Guid, string), TaskCompletionSource<SagaSnapshot>> waits = new();
    private readonly ConcurrentDictionary<Guid, SagaSnapshot> latest = new();
    private int commits;

    /// <summary>How many commits this host made.</summary>
    public int Commits => Volatile.Read(ref commits);

    public void OnCommitted(SagaCommitted sagaEvent)
    {
        ArgumentNullException.ThrowIfNull(sagaEvent);
        Interlocked.Increment(ref commits);
        if (sagaEvent.Snapshot is not { } snapshot)
        {
            return;
        }

        latest[snapshot.SagaId] = snapshot;
        Source(snapshot.SagaId, snapshot.State).TrySetResult(snapshot);
    }

    /// <summary>Waits until the saga has been saved in <paramref name="state"/> by this host.</summary>
    public async Task<SagaSnapshot> WaitForStateAsync(Guid sagaId, string state, TimeSpan? timeout = null)
    {
        var wait = Source(sagaId, state).Task;
        try
        {
            return await wait.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (TimeoutException)
        {
            var now = latest.TryGetValue(sagaId, out var s) ? $"{s.State} (v{s.Version})" : "never saved by this host";
            throw new TimeoutException($"Saga {sagaId} did not reach {state} in time; it is {now}.");
        }
    }

    private TaskCompletionSource<SagaSnapshot> Source(Guid sagaId, string state) =>
        waits.GetOrAdd((sagaId, state), _ => new TaskCompletionSource<SagaSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously));
}
