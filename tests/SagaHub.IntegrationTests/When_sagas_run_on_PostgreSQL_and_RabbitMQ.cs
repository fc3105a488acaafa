using Npgsql;
using SagaHub.IntegrationTests.Infrastructure;
using SagaHub.Store.Tests.Infrastructure;
using Xunit.Abstractions;

namespace SagaHub.IntegrationTests;

/// <summary>
/// The durability promises on the real servers: timers in the database outlive the host, racing
/// messages lose no update, a redelivery has one effect, competing hosts share a queue, and what a
/// crash leaves in the outbox is delivered. Every test has its own saga name (queue) and schema.
/// </summary>
[Trait("Category", "Integration")]
public sealed class When_sagas_run_on_PostgreSQL_and_RabbitMQ(ITestOutputHelper output)
{
    private static WorkSagaOptions NewSaga(string test) => new($"it-{test}-{Guid.NewGuid():N}"[..24]);

    [Fact]
    public async Task Should_fire_a_timer_from_the_database_after_the_saga_host_restarts()
    {
        var schema = IntegrationSettings.UniqueSchema("timer");
        var options = NewSaga("timer") with { WaitTimeout = TimeSpan.FromSeconds(1) };
        var id = Guid.NewGuid();

        // First host: starts the saga, then stops before anything fires its deadline (no timer service).
        await using (var first = await SagaHost.StartAsync(schema, h => h.AddSaga(new WorkSaga(options)), options: o => o.RunBackgroundServices = false))
        {
            await first.SendAsync(options.Name, new WorkStarted(id));
            var waiting = await first.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Waiting));
            Assert.NotNull(waiting.Deadline);
        }

        // Second host on the same database: its timer service finds the deadline and fires it.
        await using var second = await SagaHost.StartAsync(schema, h => h.AddSaga(new WorkSaga(options)));
        await second.Watcher.WaitForStateAsync(id, nameof(WorkStatus.TimedOut));
        var history = await second.Store.GetHistoryAsync(options.Name, id);
        Assert.Equal(["Initial->Waiting", "Waiting->TimedOut"], history.Select(h => $"{h.From}->{h.To}"));
        Assert.Equal("Timeout", history[^1].Trigger);
        Assert.Null((await second.Store.LoadAsync(options.Name, id))!.Deadline);
    }

    [Fact]
    public async Task Should_make_two_messages_for_one_saga_at_once_wait_for_the_row_lock_and_lose_no_update()
    {
        var options = NewSaga("lock");
        var id = Guid.NewGuid();
        LockWatchStore? watch = null;
        await using var host = await SagaHost.StartAsync(
            IntegrationSettings.UniqueSchema("lock"),
            h => h.AddSaga(new WorkSaga(options)).DecorateStore(inner => watch = new LockWatchStore(inner, id)));
        await host.SendAsync(options.Name, new WorkStarted(id));
        await host.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Waiting));

        // The first part's session holds the row (FOR UPDATE) until the second part's session is waiting for it.
        watch!.Arm();
        await Task.WhenAll(host.SendAsync(options.Name, new PartA(id)), host.SendAsync(options.Name, new PartB(id)));
        var done = await host.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Done));

        Assert.True(watch.SecondWaitedForFirst, "the second session's read should return only after the first session committed");
        Assert.Equal(2, watch.SecondRead); // the first part's commit, not the version both started from
        Assert.Equal(0, watch.Conflicts);
        Assert.Contains("\"parts\":2", done.Data, StringComparison.Ordinal);
        var history = await host.Store.GetHistoryAsync(options.Name, id);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(h => h.Sequence));
        Assert.Equal(2, history.Count(h => h.Kind == SagaHistoryKind.JoinArrival));
    }

    [Fact]
    public async Task Should_lose_no_update_and_retry_the_loser_of_two_messages_at_once_on_a_store_without_its_own_unit_of_work()
    {
        var options = NewSaga("race");
        var id = Guid.NewGuid();
        RaceStore? race = null;
        await using var host = await SagaHost.StartAsync(
            IntegrationSettings.UniqueSchema("race"),
            h => h.AddSaga(new WorkSaga(options)).DecorateStore(inner => race = new RaceStore(inner, id)));
        await host.SendAsync(options.Name, new WorkStarted(id));
        await host.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Waiting));

        // Both parts are loaded at version 1 before either commits: one commit must lose.
        race!.Arm();
        await Task.WhenAll(host.SendAsync(options.Name, new PartA(id)), host.SendAsync(options.Name, new PartB(id)));
        var done = await host.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Done));

        Assert.True(race.Conflicts >= 1, "one of the two commits should have met a concurrency conflict");
        Assert.Contains("\"parts\":2", done.Data, StringComparison.Ordinal);
        var history = await host.Store.GetHistoryAsync(options.Name, id);
        Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(h => h.Sequence));
        Assert.Equal(2, history.Count(h => h.Kind == SagaHistoryKind.JoinArrival));
    }

    [Fact]
    public async Task Should_have_one_effect_for_the_same_message_delivered_twice()
    {
        var options = NewSaga("dup") with { SendWork = true };
        var id = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        CountingStore? counting = null;
        await using var host = await SagaHost.StartAsync(
            IntegrationSettings.UniqueSchema("dup"),
            h => h.AddSaga(new WorkSaga(options)).DecorateStore(inner => counting = new CountingStore(inner)),
            bus: x => x.AddWorker(options));
        var log = (WorkerLog)host.Services.GetService(typeof(WorkerLog))!;

        await host.SendAsync(options.Name, new WorkStarted(id), messageId);
        await host.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Waiting));
        await host.SendAsync(options.Name, new WorkStarted(id), messageId);
        await counting!.Duplicate(messageId);

        var history = await host.Store.GetHistoryAsync(options.Name, id);
        Assert.Equal(["Initial->Working", "Working->Waiting"], history.Select(h => $"{h.From}->{h.To}"));
        // One command was produced. Delivery is at least once (the sweep may re-send a row whose
        // dispatch was slow), always with the same message id, which the receiver's inbox dedupes.
        Assert.Single(log.Received.Where(r => r.SagaId == id).Select(r => r.MessageId).Distinct());
        Assert.Equal(2, (await host.Store.LoadAsync(options.Name, id))!.Version);
    }

    [Fact]
    public async Task Should_let_two_saga_hosts_compete_on_one_queue_and_finish_every_saga_once()
    {
        var schema = IntegrationSettings.UniqueSchema("compete");
        var options = NewSaga("compete");
        await using var a = await SagaHost.StartAsync(schema, h => h.AddSaga(new WorkSaga(options)));
        await using var b = await SagaHost.StartAsync(schema, h => h.AddSaga(new WorkSaga(options)));
        var ids = Enumerable.Range(0, 30).Select(_ => Guid.NewGuid()).ToList();

        await Task.WhenAll(ids.Select(id => a.SendAsync(options.Name, new WorkStarted(id))));
        await Task.WhenAll(ids.Select(id => Task.WhenAny(a.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Waiting)), b.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Waiting))).Unwrap()));
        await Task.WhenAll(ids.SelectMany(id => new[] { a.SendAsync(options.Name, new PartA(id)), b.SendAsync(options.Name, new PartB(id)) }));
        await Task.WhenAll(ids.Select(id => Task.WhenAny(a.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Done)), b.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Done))).Unwrap()));

        Assert.True(a.Watcher.Commits > 0 && b.Watcher.Commits > 0, $"both hosts should take messages from the queue (a: {a.Watcher.Commits}, b: {b.Watcher.Commits})");
        foreach (var id in ids)
        {
            var history = await a.Store.GetHistoryAsync(options.Name, id);
            Assert.Equal(Enumerable.Range(1, history.Count).Select(i => (long)i), history.Select(h => h.Sequence));
            Assert.Single(history, h => h.To == nameof(WorkStatus.Done) && h.Kind == SagaHistoryKind.Transition);
        }
    }

    [Fact]
    public async Task Should_deliver_outbox_rows_left_by_a_crash_after_the_commit_by_the_sweep()
    {
        var options = NewSaga("crash") with { SendWork = true };
        var id = Guid.NewGuid();
        CrashAfterCommitStore? crash = null;
        await using var host = await SagaHost.StartAsync(
            IntegrationSettings.UniqueSchema("crash"),
            h => h.AddSaga(new WorkSaga(options)).DecorateStore(inner => crash = new CrashAfterCommitStore(inner)),
            bus: x => x.AddWorker(options),
            options: o => o.OutboxSweepAge = TimeSpan.FromMilliseconds(200));
        var log = (WorkerLog)host.Services.GetService(typeof(WorkerLog))!;

        await host.SendAsync(options.Name, new WorkStarted(id));
        var delivered = await log.FirstFor(id);
        await host.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Waiting));

        // The commit that wrote DoWork "crashed" before dispatch; only the sweep can have sent it,
        // with the id the outbox row was written with.
        Assert.Equal(crash!.CrashedOutbox.Single(), delivered);
        Assert.Empty(await host.Store.GetUndispatchedAsync(DateTimeOffset.UtcNow.AddMinutes(1), 100));
    }

    [Fact]
    public async Task Should_handle_every_message_in_one_database_transaction_of_at_most_three_round_trips()
    {
        await using var wire = PostgresWireCounter.Start(IntegrationSettings.PostgreSql);
        var schema = IntegrationSettings.UniqueSchema("cost");
        var options = NewSaga("cost") with { SendWork = true };
        var host = await SagaHost.StartAsync(
            schema,
            h => h.AddSaga(new WorkSaga(options)),
            bus: x => x.AddWorker(options),
            options: o => o.RunBackgroundServices = false, // no timer scans, no sweeps: only the messages touch the database
            store: o =>
            {
                o.ConnectionString = wire.ConnectionString;
                o.OutboxDeleteDelay = TimeSpan.FromMinutes(10); // no idle delete inside the measurement
            });
        await using (host)
        {
            async Task RunSagaAsync()
            {
                var id = Guid.NewGuid();
                await host.SendAsync(options.Name, new WorkStarted(id)); // -> DoWork -> WorkDone -> Waiting
                await host.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Waiting));
                await host.SendAsync(options.Name, new PartA(id));
                await host.SendAsync(options.Name, new PartB(id));
                await host.Watcher.WaitForStateAsync(id, nameof(WorkStatus.Done));
            }

            await RunSagaAsync(); // warm-up: schema, pooled connections
            wire.Reset();
            const int sagas = 10;
            for (var i = 0; i < sagas; i++)
            {
                await RunSagaAsync();
            }

            const int messages = 4 * sagas; // WorkStarted, WorkDone, PartA, PartB
            output.WriteLine($"{messages} messages: {wire.RoundTrips} round trips, {wire.ExplicitTransactions} explicit + {wire.ImplicitTransactions} implicit transactions, {wire.Rollbacks} rollbacks");
            Assert.True(wire.Transactions == messages, $"expected exactly one transaction per message ({messages}): {wire.Describe()}");
            Assert.True(wire.Rollbacks == 0 && wire.Errors == 0, wire.Describe());
            Assert.True(wire.RoundTrips <= 3 * messages, $"expected at most 3 round trips per message: {wire.Describe()}");
        }

        // Stopping the host disposed the store, which deleted the dispatched rows still queued.
        await using var connection = new NpgsqlConnection(IntegrationSettings.PostgreSql);
        await connection.OpenAsync();
        await using var count = new NpgsqlCommand($"SELECT count(*) FROM \"{schema}\".outbox", connection);
        Assert.Equal(0L, await count.ExecuteScalarAsync());
    }
}
