using System.Diagnostics;

namespace SagaHub.EntityFrameworkCore;

/// <summary>
/// The ids of outbox rows handed to the bus but not yet deleted: units of work take them (<see cref="Take()"/>) and
/// delete them in their own transaction, or put them back (<see cref="Return"/>) when it does not commit.
/// </summary>
/// <remarks>
/// A background loop deletes what waited longer than the delay, or at once when more than the threshold wait;
/// <see cref="DisposeAsync"/> deletes the rest. Until an id's delete committed, <see cref="Known"/> lists it, so the
/// sweep does not send it again.
/// </remarks>
internal sealed class DispatchedOutbox : IAsyncDisposable
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);
    private readonly Lock gate = new();
    private readonly List<Guid> pending = [];
    private readonly HashSet<Guid> known = [];
    private readonly Func<Guid[], CancellationToken, Task> delete;
    private readonly Action<Exception, int> failed;
    private readonly TimeSpan delay;
    private readonly int threshold;
    private readonly SemaphoreSlim wake = new(0);
    private readonly CancellationTokenSource stopping = new();
    private long pendingSince;
    private Task? flusher;
    private bool disposed;

    /// <param name="delete">Deletes the rows with these ids in a transaction of its own.</param>
    /// <param name="failed">Reports a failed delete (the ids stay queued) with the number of ids.</param>
    /// <param name="delay">How long ids may wait for a unit of work.</param>
    /// <param name="threshold">How many may wait before they are deleted at once; also the most one unit of work takes.</param>
    public DispatchedOutbox(Func<Guid[], CancellationToken, Task> delete, Action<Exception, int> failed, TimeSpan delay, int threshold)
    {
        this.delete = delete;
        this.failed = failed;
        this.delay = delay;
        this.threshold = threshold;
    }

    /// <summary>How many ids wait to be taken.</summary>
    public int PendingCount
    {
        get
        {
            lock (gate)
            {
                return pending.Count;
            }
        }
    }

    /// <summary>Queues ids for deletion; false once disposed (the caller deletes them itself).</summary>
    public bool Add(IEnumerable<Guid> ids)
    {
        bool signal;
        lock (gate)
        {
            if (disposed)
            {
                return false;
            }

            var wasEmpty = pending.Count == 0;
            foreach (var id in ids)
            {
                if (known.Add(id))
                {
                    pending.Add(id);
                }
            }

            if (pending.Count == 0)
            {
                return true;
            }

            if (wasEmpty)
            {
                pendingSince = Stopwatch.GetTimestamp();
            }

            flusher ??= Task.Run(RunAsync);
            signal = wasEmpty || pending.Count >= threshold;
        }

        if (signal)
        {
            Wake();
        }

        return true;
    }

    /// <summary>Takes up to the threshold of the oldest waiting ids, for a unit of work to delete.</summary>
    public Guid[] Take() => Take(threshold);

    /// <summary>The deletes of these ids committed: forget them.</summary>
    public void Deleted(Guid[] ids)
    {
        if (ids.Length == 0)
        {
            return;
        }

        lock (gate)
        {
            foreach (var id in ids)
            {
                known.Remove(id);
            }
        }
    }

    /// <summary>The transaction that was to delete these ids did not commit: queue them again, first in line.</summary>
    public void Return(Guid[] ids)
    {
        if (ids.Length == 0)
        {
            return;
        }

        lock (gate)
        {
            if (pending.Count == 0)
            {
                pendingSince = Stopwatch.GetTimestamp();
            }

            pending.InsertRange(0, ids);
            flusher ??= disposed ? null : Task.Run(RunAsync);
        }

        Wake();
    }

    /// <summary>Every id dispatched and not yet deleted (waiting or taken by a unit of work).</summary>
    public Guid[] Known()
    {
        lock (gate)
        {
            return known.Count == 0 ? [] : [.. known];
        }
    }

    /// <summary>Stops the background loop and deletes whatever still waits (failures are reported; the sweep re-sends those rows).</summary>
    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            running = flusher;
        }

        await stopping.CancelAsync().ConfigureAwait(false);
        if (running is not null)
        {
            await running.ConfigureAwait(false);
        }

        while (Take(int.MaxValue) is { Length: > 0 } ids)
        {
            try
            {
                await delete(ids, CancellationToken.None).ConfigureAwait(false);
                Deleted(ids);
            }
            catch (Exception ex)
            {
                failed(ex, ids.Length);
                break;
            }
        }

        stopping.Dispose();
        wake.Dispose();
    }

    private Guid[] Take(int max)
    {
        lock (gate)
        {
            var count = Math.Min(max, pending.Count);
            if (count == 0)
            {
                return [];
            }

            var ids = pending.GetRange(0, count).ToArray();
            pending.RemoveRange(0, count);
            if (pending.Count > 0)
            {
                pendingSince = Stopwatch.GetTimestamp();
            }

            return ids;
        }
    }

    private void Wake()
    {
        try
        {
            if (wake.CurrentCount == 0)
            {
                wake.Release();
            }
        }
        catch (ObjectDisposedException)
        {
            // disposed meanwhile: DisposeAsync deletes what waits
        }
    }

    private async Task RunAsync()
    {
        var token = stopping.Token;
        var backoff = delay;
        while (!token.IsCancellationRequested)
        {
            TimeSpan wait;
            lock (gate)
            {
                wait = pending.Count == 0 ? Timeout.InfiniteTimeSpan
                    : pending.Count >= threshold ? TimeSpan.Zero
                    : delay - Stopwatch.GetElapsedTime(pendingSince);
            }

            if (wait == Timeout.InfiniteTimeSpan || wait > TimeSpan.Zero)
            {
                try
                {
                    await wake.WaitAsync(wait, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                continue;
            }

            var ids = Take(threshold * 10);
            try
            {
                await delete(ids, token).ConfigureAwait(false);
                Deleted(ids);
                backoff = delay;
            }
            catch (Exception ex)
            {
                Return(ids);
                if (token.IsCancellationRequested)
                {
                    return;
                }

                failed(ex, ids.Length);
                try
                {
                    await Task.Delay(backoff, token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, MaxBackoff.Ticks));
            }
        }
    }
}
