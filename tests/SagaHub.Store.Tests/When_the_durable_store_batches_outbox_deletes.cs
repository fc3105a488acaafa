using Microsoft.EntityFrameworkCore;
using Npgsql;
using SagaHub.EntityFrameworkCore;
using SagaHub.Store.Tests.Infrastructure;
using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests;

/// <summary>
/// What the EF Core store does with dispatched outbox rows beyond the contract: their delete waits in a
/// queue and rides in the next unit of work's transaction, stays queued when that transaction rolls
/// back, and is done by the store itself after a delay, above a threshold, and when it is disposed.
/// </summary>
public abstract class When_the_durable_store_batches_outbox_deletes : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly List<EfSagaStore> stores = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in stores)
        {
            await store.DisposeAsync();
        }

        await DropAsync();
    }

    protected abstract SagaStoreOptions Options();

    protected virtual Task DropAsync() => Task.CompletedTask;

    private EfSagaStore NewStore(Action<SagaStoreOptions>? configure = null)
    {
        var options = Options();
        options.OutboxDeleteDelay = TimeSpan.FromMinutes(10); // nothing deletes behind the test's back unless it asks
        configure?.Invoke(options);
        var store = new EfSagaStore(options);
        stores.Add(store);
        return store;
    }

    /// <summary>The rows physically in the outbox table (the sweep's view hides queued ones).</summary>
    private static async Task<int> RowsAsync(EfSagaStore store)
    {
        await using var context = store.NewContext();
        return await context.Outbox.CountAsync();
    }

    private static async Task<List<Guid>> StartWithOutboxAsync(EfSagaStore store, SagaSnapshot saga, int rows)
    {
        var outbox = Enumerable.Range(0, rows).Select(i => Send(saga, T(1, i))).ToList();
        await store.CommitAsync(Commit(saga, 0, [Entry(1, "Initial", saga.State, T(0))], outbox));
        return [.. outbox.Select(o => o.Message.MessageId)];
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        using var timeout = new CancellationTokenSource(Patience);
        while (!await condition())
        {
            if (timeout.IsCancellationRequested)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(20);
        }
    }

    [Fact]
    public async Task A_marked_row_is_deleted_by_the_next_unit_of_work_that_commits_and_kept_queued_by_one_that_rolls_back()
    {
        var store = NewStore();
        var saga = Snapshot(Guid.NewGuid());
        var ids = await StartWithOutboxAsync(store, saga, 2);

        await store.MarkDispatchedAsync(ids, T(2));

        Assert.Equal(2, store.PendingOutboxDeletes);
        Assert.Equal(2, await RowsAsync(store)); // no transaction of its own
        Assert.Empty(await store.GetUndispatchedAsync(T(1_000), 10));

        await using (var rolledBack = await store.BeginAsync(OrderSaga, saga.SagaId, OrderSaga, Guid.NewGuid()))
        {
            Assert.Equal(0, store.PendingOutboxDeletes); // taken by the session
            Assert.Empty(await store.GetUndispatchedAsync(T(1_000), 10));
        }

        Assert.Equal(2, store.PendingOutboxDeletes);
        Assert.Equal(2, await RowsAsync(store));
        Assert.Empty(await store.GetUndispatchedAsync(T(1_000), 10));

        await using (var session = await store.BeginAsync(RefundSaga, Guid.NewGuid(), RefundSaga, Guid.NewGuid()))
        {
            await session.CommitAsync(new SagaCommit(RefundSaga, session.MessageId, null, 0, [], []));
        }

        Assert.Equal(0, store.PendingOutboxDeletes);
        Assert.Equal(0, await RowsAsync(store));
    }

    [Fact]
    public async Task A_unit_of_work_that_fails_keeps_the_rows_queued()
    {
        var store = NewStore();
        var saga = Snapshot(Guid.NewGuid());
        var ids = await StartWithOutboxAsync(store, saga, 1);
        await store.MarkDispatchedAsync(ids, T(2));

        await using (var session = await store.BeginAsync(OrderSaga, saga.SagaId, OrderSaga, Guid.NewGuid()))
        {
            var stale = Commit(session.Snapshot! with { State = "Paid", LastSequence = 2 }, 9, [Entry(2, "Submitted", "Paid", T(3))], messageId: session.MessageId);
            await Assert.ThrowsAsync<SagaConcurrencyException>(() => session.CommitAsync(stale).AsTask());
        }

        Assert.Equal(1, store.PendingOutboxDeletes);
        Assert.Equal(1, await RowsAsync(store));
        Assert.Empty(await store.GetUndispatchedAsync(T(1_000), 10));
    }

    [Fact]
    public async Task Rows_no_unit_of_work_takes_are_deleted_after_the_delay()
    {
        var store = NewStore(o => o.OutboxDeleteDelay = TimeSpan.FromMilliseconds(100));
        var ids = await StartWithOutboxAsync(store, Snapshot(Guid.NewGuid()), 3);

        await store.MarkDispatchedAsync(ids, T(2));

        await WaitUntilAsync(async () => await RowsAsync(store) == 0, "the idle delete ran");
        Assert.Equal(0, store.PendingOutboxDeletes);
    }

    [Fact]
    public async Task More_rows_than_the_threshold_are_deleted_at_once()
    {
        var store = NewStore(o => o.OutboxDeleteThreshold = 5);
        var ids = await StartWithOutboxAsync(store, Snapshot(Guid.NewGuid()), 6);

        await store.MarkDispatchedAsync(ids, T(2));

        await WaitUntilAsync(async () => await RowsAsync(store) == 0, "the threshold delete ran (the delay is 10 minutes)");
    }

    [Fact]
    public async Task Disposing_the_store_deletes_the_queued_rows()
    {
        var store = NewStore();
        var ids = await StartWithOutboxAsync(store, Snapshot(Guid.NewGuid()), 2);
        await store.MarkDispatchedAsync(ids, T(2));
        Assert.Equal(2, await RowsAsync(store));

        await store.DisposeAsync();

        var fresh = NewStore();
        Assert.Equal(0, await RowsAsync(fresh));
        Assert.Empty(await fresh.GetUndispatchedAsync(T(1_000), 10));
    }

    [Fact]
    public async Task A_row_marked_after_disposal_is_deleted_at_once()
    {
        var store = NewStore();
        var ids = await StartWithOutboxAsync(store, Snapshot(Guid.NewGuid()), 1);
        await store.DisposeAsync();

        await store.MarkDispatchedAsync(ids, T(2));

        Assert.Equal(0, await RowsAsync(NewStore()));
    }

    [Fact]
    public async Task Rows_whose_delete_a_crash_lost_are_swept_again_with_their_ids()
    {
        var crashed = NewStore();
        var ids = await StartWithOutboxAsync(crashed, Snapshot(Guid.NewGuid()), 2);
        await crashed.MarkDispatchedAsync(ids, T(2)); // queued, then the process "dies" (the store is never disposed)

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
