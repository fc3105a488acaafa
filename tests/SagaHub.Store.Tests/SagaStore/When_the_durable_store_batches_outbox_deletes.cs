using Microsoft.EntityFrameworkCore;
using Npgsql;
using SagaHub.EntityFrameworkCore;
using SagaHub.Store.Tests.Contract;
using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.SagaStore;

/// <summary>
/// What the EF Core store does with dispatched outbox rows beyond the store contract: the contract of its queue of
/// deletes (<see cref="DispatchedOutboxContract"/>; units of work are sessions, each starting a saga, a failure is a
/// conflict, stopping is the store's disposal), a session holding the deletes it took until it ends, and a crash.
/// </summary>
public abstract class When_the_durable_store_batches_outbox_deletes : DispatchedOutboxContract
{
    private readonly List<EfSagaStore> stores = [];
    private EfSagaStore? store;
    private bool flushed;

    private EfSagaStore Store => store ?? throw new InvalidOperationException("Start the store first.");

    protected override int PendingCount => Store.PendingOutboxDeletes;

    protected override IReadOnlyCollection<Guid> Queued => Store.Dispatched.Known();

    public override async Task DisposeAsync()
    {
        foreach (var each in stores)
        {
            await each.DisposeAsync();
        }

        await DropAsync();
    }

    protected abstract SagaStoreOptions Options();

    protected virtual Task DropAsync() => Task.CompletedTask;

    protected override Task StartAsync(TimeSpan deleteDelay, int deleteThreshold)
    {
        store = NewStore(o => (o.OutboxDeleteDelay, o.OutboxDeleteThreshold) = (deleteDelay, deleteThreshold));
        return Task.CompletedTask;
    }

    protected override async Task<IReadOnlyCollection<Guid>> HandleAsync(int rows, Guid? messageId = null)
    {
        var saga = Snapshot(Guid.NewGuid());
        var outbox = Enumerable.Range(0, rows).Select(i => Send(saga, T(1, i))).ToList();
        var commit = Commit(saga, 0, [Entry(1, "Initial", saga.State, T(0))], outbox, messageId);
        if (flushed)
        {
            await Store.CommitAsync(commit); // a disposed store begins no session; a late caller's plain commit
        }
        else
        {
            await using var session = await Store.BeginAsync(OrderSaga, saga.SagaId, OrderSaga, commit.MessageId);
            await session.CommitAsync(commit);
        }

        Guid[] ids = [.. outbox.Select(o => o.Message.MessageId)];
        await Store.MarkDispatchedAsync(ids, T(2));
        return ids;
    }

    protected override async Task FailAsync()
    {
        await using var session = await Store.BeginAsync(OrderSaga, Guid.NewGuid(), OrderSaga, Guid.NewGuid());
        var stale = Commit(Snapshot(session.SagaId) with { State = "Paid", LastSequence = 2 }, 9, [Entry(2, "Submitted", "Paid", T(3))], messageId: session.MessageId);
        await Assert.ThrowsAsync<SagaConcurrencyException>(() => session.CommitAsync(stale).AsTask());
    }

    protected override async Task HandleAgainAsync(Guid messageId)
    {
        await using var session = await Store.BeginAsync(OrderSaga, Guid.NewGuid(), OrderSaga, messageId);
        Assert.True(session.AlreadyProcessed);
        await Assert.ThrowsAsync<DuplicateMessageException>(() => session.CommitAsync(Commit(Snapshot(session.SagaId), 0, messageId: messageId)).AsTask());
    }

    protected override async Task FlushAsync()
    {
        await Store.DisposeAsync();
        flushed = true;
    }

    protected override Task StopAsync() => FlushAsync();

    protected override async Task<IReadOnlySet<Guid>> RowsAsync() => await RowsAsync(Store);

    protected override async Task<int> SweepAsync() => (await Store.GetUndispatchedAsync(T(1_000), 10)).Count;

    private EfSagaStore NewStore(Action<SagaStoreOptions>? configure = null)
    {
        var options = Options();
        options.OutboxDeleteDelay = TimeSpan.FromMinutes(10); // nothing deletes behind the test's back unless it asks
        configure?.Invoke(options);
        var created = new EfSagaStore(options);
        stores.Add(created);
        return created;
    }

    /// <summary>The rows physically in the outbox table (the sweep's view hides queued ones).</summary>
    private static async Task<IReadOnlySet<Guid>> RowsAsync(EfSagaStore store)
    {
        await using var context = store.NewContext();
        return (await context.Outbox.Select(o => o.MessageId).ToListAsync()).ToHashSet();
    }

    [Fact]
    public async Task Should_hold_the_deletes_a_session_took_until_it_ends()
    {
        await StartAsync();
        var saga = Snapshot(Guid.NewGuid());
        var ids = await HandleAsync(2);

        await using (var rolledBack = await Store.BeginAsync(OrderSaga, saga.SagaId, OrderSaga, Guid.NewGuid()))
        {
            Assert.Equal(0, Store.PendingOutboxDeletes); // taken by the session
            Assert.Equal(ids.Order(), Queued.Order()); // ... and still known, so the sweep passes them over
            Assert.Empty(await Store.GetUndispatchedAsync(T(1_000), 10));
        }

        Assert.Equal(2, Store.PendingOutboxDeletes);
        Assert.Equal(ids.ToHashSet(), await RowsAsync());
        Assert.Empty(await Store.GetUndispatchedAsync(T(1_000), 10));
    }

    [Fact]
    public async Task Should_sweep_rows_whose_delete_a_crash_lost_again_with_their_ids()
    {
        await StartAsync();
        var ids = await HandleAsync(2); // queued, then the process "dies" (the store is never disposed)

        var restarted = NewStore();

        Assert.Equal(ids, (await restarted.GetUndispatchedAsync(T(1_000), 10)).Select(e => e.Message.MessageId));
    }
}

public sealed class When_the_sqlite_store_batches_outbox_deletes : When_the_durable_store_batches_outbox_deletes
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"sagahub-deletes-{Guid.NewGuid():N}.db");

    protected override SagaStoreOptions Options() => new SagaStoreOptions().UseSqlite($"Data Source={file};Pooling=False");

    protected override Task DropAsync()
    {
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
        {
            File.Delete(path);
        }

        return Task.CompletedTask;
    }
}

[Trait("Category", "Integration")]
public sealed class When_the_postgresql_store_batches_outbox_deletes : When_the_durable_store_batches_outbox_deletes
{
    private readonly string schema = $"deletes_{Guid.NewGuid():N}"[..26];

    protected override SagaStoreOptions Options() => new SagaStoreOptions { Schema = schema }.UsePostgreSql(PostgreSqlStore.ConnectionString);

    protected override async Task DropAsync()
    {
        await using var connection = new NpgsqlConnection(PostgreSqlStore.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
