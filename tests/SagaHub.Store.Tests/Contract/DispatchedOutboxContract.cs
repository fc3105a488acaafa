using System.Diagnostics;

namespace SagaHub.Store.Tests.Contract;

/// <summary>
/// The contract of the queue of dispatched outbox rows (<c>DispatchedOutbox</c>), run by both of its users: the EF Core
/// saga store and every service database (<c>ServiceOutboxDeletes</c>). A row handed to the bus is not deleted by a
/// statement of its own: its delete waits in the queue and rides in the next unit of work's transaction, goes back in the
/// queue when that transaction rolls back, and is done on its own after the idle delay, above the threshold and when the
/// user stops; the sweep never takes a queued row. This file is compiled into both test projects. Its users drive it
/// through their units of work (sessions of the store, messages through a service's harness) and run it as behaviour
/// specs (<c>When_the_durable_store_batches_outbox_deletes</c>, <c>When_a_service_batches_outbox_deletes</c>), so its
/// facts are <c>Should_</c> sentences, unlike the store contracts' <c>Method_Scenario_Expected</c>.
/// </summary>
public abstract class DispatchedOutboxContract : IAsyncLifetime
{
    /// <summary>How long a test waits for something that should happen at once.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>How many ids wait to be taken by a unit of work (not counting those a running one took).</summary>
    protected abstract int PendingCount { get; }

    /// <summary>Every id handed to the bus whose delete has not committed yet.</summary>
    protected abstract IReadOnlyCollection<Guid> Queued { get; }

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public abstract Task DisposeAsync();

    /// <summary>Starts the user with a 10-minute idle delay (nothing deletes behind the test's back) and the default threshold.</summary>
    protected Task StartAsync() => StartAsync(TimeSpan.FromMinutes(10), 1_000);

    /// <summary>Starts the user with these settings of its delete queue.</summary>
    protected abstract Task StartAsync(TimeSpan deleteDelay, int deleteThreshold);

    /// <summary>
    /// One unit of work that commits <paramref name="rows"/> outbox rows (taking the queued deletes into its transaction),
    /// after which the rows are handed to the bus and queued for their delete; returns their message ids.
    /// </summary>
    protected abstract Task<IReadOnlyCollection<Guid>> HandleAsync(int rows, Guid? messageId = null);

    /// <summary>One unit of work that fails (a conflict, an error in the handler) and rolls back.</summary>
    protected abstract Task FailAsync();

    /// <summary>The unit of work of a message handled before: a duplicate, rolled back.</summary>
    protected abstract Task HandleAgainAsync(Guid messageId);

    /// <summary>Deletes what waits and stops queueing (the saga store's disposal, a service database's <c>FlushAsync</c>).</summary>
    protected abstract Task FlushAsync();

    /// <summary>Stops the host as it shuts down (the saga store's disposal, a service host's stop).</summary>
    protected abstract Task StopAsync();

    /// <summary>The message ids physically in the outbox table (the sweep's view hides queued ones).</summary>
    protected abstract Task<IReadOnlySet<Guid>> RowsAsync();

    /// <summary>How many rows the outbox sweep finds left behind now (a service's sweep sends them).</summary>
    protected abstract Task<int> SweepAsync();

    protected static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
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
    public async Task Should_delete_a_dispatched_row_in_the_next_unit_of_works_transaction()
    {
        await StartAsync();

        var first = await HandleAsync(2);

        Assert.Equal(first.ToHashSet(), await RowsAsync()); // dispatched, but no delete of its own
        Assert.Equal(first.Order(), Queued.Order());
        Assert.Equal(2, PendingCount);
        Assert.Equal(0, await SweepAsync());

        var second = await HandleAsync(1);

        Assert.Equal(second.ToHashSet(), await RowsAsync()); // the first ones deleted by the second unit of work's transaction
        Assert.Equal(second, Queued);

        await HandleAsync(0);

        Assert.Equal(0, PendingCount);
        Assert.Empty(await RowsAsync());
    }

    [Fact]
    public async Task Should_put_the_deletes_a_rolled_back_unit_of_work_took_back_in_the_queue()
    {
        var handled = Guid.NewGuid();
        await StartAsync();
        var first = await HandleAsync(1, handled);

        await FailAsync();

        Assert.Equal(first.ToHashSet(), await RowsAsync());
        Assert.Equal(first, Queued);
        Assert.Equal(1, PendingCount);
        Assert.Equal(0, await SweepAsync());

        await HandleAgainAsync(handled);

        Assert.Equal(first.ToHashSet(), await RowsAsync());
        Assert.Equal(1, PendingCount);

        var next = await HandleAsync(1);

        Assert.Equal(next.ToHashSet(), await RowsAsync());
    }

    [Fact]
    public async Task Should_delete_rows_no_unit_of_work_takes_after_the_idle_delay()
    {
        var delay = TimeSpan.FromSeconds(2);
        await StartAsync(delay, 1_000);
        var clock = Stopwatch.StartNew();

        var ids = await HandleAsync(3);

        var rows = await RowsAsync();
        if (clock.Elapsed < delay)
        {
            Assert.Equal(ids.ToHashSet(), rows); // queued, not deleted at once
        }

        await WaitUntilAsync(async () => (await RowsAsync()).Count == 0, "the idle delete ran");
        Assert.Equal(0, PendingCount);
        Assert.Empty(Queued);
    }

    [Fact]
    public async Task Should_delete_more_rows_than_the_threshold_at_once()
    {
        await StartAsync(TimeSpan.FromMinutes(10), 5);

        await HandleAsync(6);

        await WaitUntilAsync(async () => (await RowsAsync()).Count == 0, "the threshold delete ran (the delay is 10 minutes)");
    }

    [Fact]
    public async Task Should_delete_the_queued_rows_when_stopping()
    {
        await StartAsync();
        var ids = await HandleAsync(2);
        Assert.Equal(ids.ToHashSet(), await RowsAsync());

        await StopAsync();

        Assert.Empty(await RowsAsync());
        Assert.Empty(Queued);
        Assert.Equal(0, await SweepAsync());
    }

    [Fact]
    public async Task Should_delete_dispatched_rows_at_once_after_the_flush()
    {
        await StartAsync();
        await HandleAsync(1);

        await FlushAsync();
        await HandleAsync(1);

        Assert.Empty(await RowsAsync());
        Assert.Empty(Queued);
    }
}
