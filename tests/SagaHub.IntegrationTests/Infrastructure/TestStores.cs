using System.Collections.Concurrent;

namespace SagaHub.IntegrationTests.Infrastructure;

/// <summary>Once armed, holds every commit of one saga until two loads of it happened, so two messages race for one version.</summary>
public sealed class RaceStore(ISagaStore inner, Guid sagaId) : DelegatingSagaStore(inner)
{
    private readonly TaskCompletionSource bothLoaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool armed;
    private int loads;
    private int conflicts;

    public int Conflicts => Volatile.Read(ref conflicts);

    public void Arm() => armed = true;

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

/// <summary>Lets a test wait until the inbox reported a message as already handled.</summary>
public sealed class CountingStore(ISagaStore inner) : DelegatingSagaStore(inner)
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> duplicates = new();

    public Task Duplicate(Guid messageId) => Source(messageId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public override async ValueTask<bool> WasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default)
    {
        var processed = await base.WasProcessedAsync(consumer, messageId, cancellationToken);
        if (processed)
        {
            Source(messageId).TrySetResult();
        }

        return processed;
    }

    private TaskCompletionSource Source(Guid messageId) =>
        duplicates.GetOrAdd(messageId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>The first commit that writes outbox rows succeeds and then "crashes" before the dispatch (a test hook).</summary>
public sealed class CrashAfterCommitStore(ISagaStore inner) : DelegatingSagaStore(inner)
{
    private int crashed;

    public List<Guid> CrashedOutbox { get; } = [];

    public override async ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default)
    {
        await base.CommitAsync(commit, cancellationToken);
        if (commit.Outbox.Count > 0 && Interlocked.Exchange(ref crashed, 1) == 0)
        {
            CrashedOutbox.AddRange(commit.Outbox.Select(o => o.Message.MessageId));
            throw new IOException("Simulated crash between the database commit and the outbox dispatch.");
        }
    }
}
