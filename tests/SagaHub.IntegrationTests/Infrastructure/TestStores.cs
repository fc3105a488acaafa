using System.Collections.Concurrent;
using System.Diagnostics;

namespace SagaHub.IntegrationTests.Infrastructure;

/// <summary>
/// A store without a unit of work of its own (the optimistic session, <see cref="SagaStoreSession.BeginOptimisticAsync"/>:
/// separate inbox check, load and commit). Once armed, holds every commit of one saga until two loads of
/// it happened, so two messages race for one version and one commit must lose.
/// </summary>
public sealed class RaceStore(ISagaStore inner, Guid sagaId) : DelegatingSagaStore(inner)
{
    private readonly TaskCompletionSource bothLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool armed;
    private int loads;
    private int conflicts;

    public int Conflicts => Volatile.Read(ref conflicts);

    public void Arm() => armed = true;

    public override ValueTask<ISagaStoreSession> BeginAsync(string sagaType, Guid sagaId, string consumer, Guid messageId, CancellationToken cancellationToken = default) =>
        SagaStoreSession.BeginOptimisticAsync(this, sagaType, sagaId, consumer, messageId, cancellationToken);

    public override async ValueTask<SagaSnapshot?> LoadAsync(string sagaType, Guid id, CancellationToken cancellationToken = default)
    {
        var snapshot = await base.LoadAsync(sagaType, id, cancellationToken);
        if (armed && id == sagaId && Interlocked.Increment(ref loads) >= 2)
        {
            bothLoaded.TrySetResult();
        }

        return snapshot;
    }

    public override async ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default)
    {
        if (armed && commit.Snapshot?.SagaId == sagaId)
        {
            await bothLoaded.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
        }

        try
        {
            await base.CommitAsync(commit, cancellationToken);
        }
        catch (SagaConcurrencyException)
        {
            Interlocked.Increment(ref conflicts);
            throw;
        }
    }
}

/// <summary>
/// The durable store's own unit of work, watched: once armed, of two sessions of one saga the one whose
/// read returns first (the holder of the row) holds its commit until the other has begun too and waits,
/// and the store records when the other's read returned and what it read, so a test can see that the
/// second session waited for the first instead of reading the same version and conflicting.
/// </summary>
public sealed class LockWatchStore(ISagaStore inner, Guid sagaId) : DelegatingSagaStore(inner)
{
    private readonly TaskCompletionSource bothEntered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool armed;
    private int entered;
    private int returned;
    private int conflicts;
    private long holderCommitting;
    private long waiterRead;

    public int Conflicts => Volatile.Read(ref conflicts);

    /// <summary>Whether the second session's read returned only once the first went on to commit (the second had begun before that).</summary>
    public bool SecondWaitedForFirst => Interlocked.Read(ref holderCommitting) > 0 && Interlocked.Read(ref waiterRead) > Interlocked.Read(ref holderCommitting);

    /// <summary>The version the second session read.</summary>
    public long? SecondRead { get; private set; }

    public void Arm() => armed = true;

    public override async ValueTask<ISagaStoreSession> BeginAsync(string sagaType, Guid id, string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        var watched = armed && id == sagaId;
        if (watched && Interlocked.Increment(ref entered) == 2)
        {
            bothEntered.TrySetResult();
        }

        var session = await base.BeginAsync(sagaType, id, consumer, messageId, cancellationToken);
        var order = watched ? Interlocked.Increment(ref returned) : 0;
        if (order == 2)
        {
            Interlocked.Exchange(ref waiterRead, Stopwatch.GetTimestamp());
            SecondRead = session.Snapshot?.Version;
        }

        return new Watched(this, session, holder: order == 1);
    }

    private sealed class Watched(LockWatchStore owner, ISagaStoreSession inner, bool holder) : DelegatingSession(inner)
    {
        public override async ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default)
        {
            if (holder)
            {
                await owner.bothEntered.Task.WaitAsync(TimeSpan.FromSeconds(20), cancellationToken);
                await Task.Delay(TimeSpan.FromMilliseconds(300), cancellationToken); // the other is waiting on the row by now
                Interlocked.Exchange(ref owner.holderCommitting, Stopwatch.GetTimestamp());
            }

            try
            {
                await base.CommitAsync(commit, cancellationToken);
            }
            catch (SagaConcurrencyException)
            {
                Interlocked.Increment(ref owner.conflicts);
                throw;
            }
        }
    }
}

/// <summary>Lets a test wait until the inbox reported a message as already handled.</summary>
public sealed class CountingStore(ISagaStore inner) : DelegatingSagaStore(inner)
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> duplicates = new();

    public Task Duplicate(Guid messageId) => Source(messageId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public override async ValueTask<ISagaStoreSession> BeginAsync(string sagaType, Guid sagaId, string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        var session = await base.BeginAsync(sagaType, sagaId, consumer, messageId, cancellationToken);
        if (session.AlreadyProcessed)
        {
            Source(messageId).TrySetResult();
        }

        return session;
    }

    private TaskCompletionSource Source(Guid messageId) =>
        duplicates.GetOrAdd(messageId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>The first commit that writes outbox rows succeeds and then "crashes" before the dispatch (a test hook).</summary>
public sealed class CrashAfterCommitStore(ISagaStore inner) : DelegatingSagaStore(inner)
{
    private int crashed;

    public List<Guid> CrashedOutbox { get; } = [];

    public override async ValueTask<ISagaStoreSession> BeginAsync(string sagaType, Guid sagaId, string consumer, Guid messageId, CancellationToken cancellationToken = default) =>
        new Crashing(this, await base.BeginAsync(sagaType, sagaId, consumer, messageId, cancellationToken));

    private sealed class Crashing(CrashAfterCommitStore owner, ISagaStoreSession inner) : DelegatingSession(inner)
    {
        public override async ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default)
        {
            await base.CommitAsync(commit, cancellationToken);
            if (commit.Outbox.Count > 0 && Interlocked.Exchange(ref owner.crashed, 1) == 0)
            {
                owner.CrashedOutbox.AddRange(commit.Outbox.Select(o => o.Message.MessageId));
                throw new IOException("Simulated crash between the database commit and the outbox dispatch.");
            }
        }
    }
}
