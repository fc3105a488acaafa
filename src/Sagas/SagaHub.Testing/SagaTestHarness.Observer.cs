using System.Collections.Concurrent;

namespace SagaHub.Testing;

// The observer of commits and skipped duplicates that the harness's waits wait on.
public sealed partial class SagaTestHarness
{
    /// <summary>Records committed saga messages and wakes waiters.</summary>
    internal sealed class HarnessObserver : ISagaObserver
    {
        private readonly ConcurrentQueue<Commit> commits = new();
        private readonly Lock gate = new();
        private readonly List<(Func<Commit, bool> Match, TaskCompletionSource Done)> waiters = [];
        private readonly ConcurrentQueue<SagaDuplicateSkipped> duplicates = new();
        private readonly List<(Func<SagaDuplicateSkipped, bool> Match, TaskCompletionSource Done)> duplicateWaiters = [];
        private readonly ConcurrentDictionary<(string SagaType, Guid SagaId, SagaHistoryKind Kind), int> historyCounts = new();
        private int timerCommits;

        public int TimerCommits => Volatile.Read(ref timerCommits);

        /// <summary>How many history rows of <paramref name="kind"/> the saga's commits wrote since the harness started.</summary>
        public int HistoryCount(string sagaType, Guid sagaId, SagaHistoryKind kind) => historyCounts.GetValueOrDefault((sagaType, sagaId, kind));

        public void OnDuplicate(SagaDuplicateSkipped duplicate)
        {
            duplicates.Enqueue(duplicate);
            lock (gate)
            {
                foreach (var waiter in duplicateWaiters.Where(w => w.Match(duplicate)).ToList())
                {
                    waiter.Done.TrySetResult();
                    duplicateWaiters.Remove(waiter);
                }
            }
        }

        /// <summary>Waits for a skipped duplicate matching <paramref name="match"/>, recorded before the call or after.</summary>
        public async Task WaitForDuplicateAsync(Func<SagaDuplicateSkipped, bool> match, TimeSpan timeout, Func<Task<string>> describe)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                duplicateWaiters.Add((match, done));
            }

            if (duplicates.Any(match))
            {
                done.TrySetResult();
            }

            try
            {
                await done.Task.WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new SagaAssertionException(await describe().ConfigureAwait(false));
            }
            finally
            {
                lock (gate)
                {
                    duplicateWaiters.RemoveAll(w => w.Done == done);
                }
            }
        }

        public void OnCommitted(SagaCommitted sagaEvent)
        {
            var messageId = sagaEvent.Result.History.FirstOrDefault()?.MessageId;
            var commit = new Commit(sagaEvent.SagaType, sagaEvent.SagaId, messageId, sagaEvent.Snapshot);
            // A timer message, whatever it did (a timeout, an escalation, an expiry, or nothing: a stale deadline).
            if (sagaEvent.MessageType == typeof(SagaTimeoutElapsed))
            {
                Interlocked.Increment(ref timerCommits);
            }

            foreach (var row in sagaEvent.Result.History)
            {
                historyCounts.AddOrUpdate((sagaEvent.SagaType, sagaEvent.SagaId, row.Kind), 1, (_, n) => n + 1);
            }

            commits.Enqueue(commit);
            lock (gate)
            {
                foreach (var waiter in waiters.Where(w => w.Match(commit)).ToList())
                {
                    waiter.Done.TrySetResult();
                    waiters.Remove(waiter);
                }
            }
        }

        /// <summary>Waits for a commit matching <paramref name="match"/> from now on, or one already recorded (<paramref name="pastCommits"/>), or <paramref name="alreadyTrue"/>.</summary>
        public async Task WaitAsync(Func<Commit, bool> match, TimeSpan timeout, Func<Task<string>> describe, Func<Task<bool>>? alreadyTrue = null, bool pastCommits = true)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                waiters.Add((match, done));
            }

            if ((pastCommits && commits.Any(match)) || (alreadyTrue is not null && await alreadyTrue().ConfigureAwait(false)))
            {
                done.TrySetResult();
            }

            try
            {
                await done.Task.WaitAsync(timeout).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new SagaAssertionException(await describe().ConfigureAwait(false));
            }
            finally
            {
                lock (gate)
                {
                    waiters.RemoveAll(w => w.Done == done);
                }
            }
        }

        internal sealed record Commit(string SagaType, Guid SagaId, Guid? MessageId, SagaSnapshot? Snapshot);
    }
}
