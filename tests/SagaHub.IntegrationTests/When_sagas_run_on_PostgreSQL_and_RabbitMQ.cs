using SagaHub.IntegrationTests.Infrastructure;

namespace SagaHub.IntegrationTests;

/// <summary>
/// The durability promises on the real servers: timers in the database outlive the host, racing
/// messages lose no update, a redelivery has one effect, competing hosts share a queue, and what a
/// crash leaves in the outbox is delivered. Every test has its own saga name (queue) and schema.
/// </summary>
[Trait("Category", "Integration")]
public sealed class When_sagas_run_on_PostgreSQL_and_RabbitMQ
{
    private static WorkSagaOptions NewSaga(string test) => new($"it-{test}-{Guid.NewGuid():N}"[..24]);

    [Fact]
    public async Task A_timer_fires_from_the_database_after_the_saga_host_restarts()
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
    public async Task Two_messages_for_one_saga_at_once_lose_no_update_and_the_loser_is_retried()
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
    public async Task The_same_message_delivered_twice_has_one_effect()
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
    public async Task Two_saga_hosts_compete_on_one_queue_and_every_saga_finishes_once()
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
    public async Task Outbox_rows_left_by_a_crash_after_the_commit_are_delivered_by_the_sweep()
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
}
