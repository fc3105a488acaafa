using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SagaHub.EntityFrameworkCore;
using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.SagaStore;

/// <summary>
/// The outbox sweep's reads on the EF Core store: the rows a sweep takes are claimed (other hosts' sweeps pass them
/// over until the lease runs out, a failed send releases them), and a row whose message type does not load is parked
/// instead of stopping the sweep.
/// </summary>
public abstract class When_the_durable_store_sweeps_its_outbox : IAsyncLifetime
{
    private readonly List<EfSagaStore> stores = [];
    private readonly ManualTime time = new(T(1_000));

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

    /// <summary>A store as one host has it (its own queue of dispatched ids), on the shared schema and clock.</summary>
    protected EfSagaStore NewStore()
    {
        var options = Options();
        options.OutboxDeleteDelay = TimeSpan.FromMinutes(10);
        options.OutboxClaimLease = TimeSpan.FromSeconds(30);
        var store = new EfSagaStore(options, time);
        stores.Add(store);
        return store;
    }

    protected static async Task<List<Guid>> LeaveRowsAsync(EfSagaStore store, int rows)
    {
        var saga = Snapshot(Guid.NewGuid());
        var outbox = Enumerable.Range(0, rows).Select(i => Send(saga, T(1, i))).ToList();
        await store.CommitAsync(Commit(saga, 0, [Entry(1, "Initial", saga.State, T(0))], outbox));
        return [.. outbox.Select(o => o.Message.MessageId)];
    }

    /// <summary>One host's sweep as the runtime runs it: claim a batch, "send" it (recorded), mark it dispatched, until nothing is left.</summary>
    protected static async Task SweepAsync(EfSagaStore store, ConcurrentBag<Guid> sent, Barrier start)
    {
        await Task.Yield();
        start.SignalAndWait(TimeSpan.FromSeconds(20));
        while (true)
        {
            var rows = await store.ClaimUndispatchedAsync(T(1_000), 5);
            if (rows.Count == 0)
            {
                return;
            }

            foreach (var row in rows)
            {
                sent.Add(row.Message.MessageId);
            }

            await store.MarkDispatchedAsync([.. rows.Select(r => r.Message.MessageId)], T(1_000));
        }
    }

    [Fact]
    public async Task Should_hand_the_rows_to_another_host_once_a_crashed_sweeps_claim_runs_out()
    {
        var crashed = NewStore();
        var other = NewStore();
        var ids = await LeaveRowsAsync(crashed, 3);

        Assert.Equal(ids, (await crashed.ClaimUndispatchedAsync(T(1_000), 10)).Select(e => e.Message.MessageId)); // then the host dies
        Assert.Empty(await other.ClaimUndispatchedAsync(T(1_000), 10));
        time.Now += TimeSpan.FromSeconds(29);
        Assert.Empty(await other.ClaimUndispatchedAsync(T(1_000), 10));

        time.Now += TimeSpan.FromSeconds(1);
        Assert.Equal(ids, (await other.ClaimUndispatchedAsync(T(1_000), 10)).Select(e => e.Message.MessageId));
    }

    [Fact]
    public async Task Should_release_the_rows_a_sweep_did_not_send_for_the_next_pass_at_once()
    {
        var host = NewStore();
        var other = NewStore();
        var ids = await LeaveRowsAsync(host, 3);

        await host.ClaimUndispatchedAsync(T(1_000), 10);
        await host.ReleaseUndispatchedAsync(ids[1..]);

        Assert.Equal(ids[1..], (await other.ClaimUndispatchedAsync(T(1_000), 10)).Select(e => e.Message.MessageId));
    }

    [Fact]
    public async Task Should_park_a_row_of_an_unknown_message_type_and_sweep_the_rest()
    {
        var store = NewStore();
        var good = await LeaveRowsAsync(store, 2);
        var bad = Guid.NewGuid();
        await using (var context = store.NewContext())
        {
            context.Outbox.Add(new OutboxMessage { MessageId = bad, Source = OrderSaga, CorrelationId = Guid.NewGuid(), MessageType = "No.Such.Type, NoAssembly", Body = "{}", CreatedAt = T(1) });
            await context.SaveChangesAsync();
        }

        var parked = 0L;
        var outbox = store.Tables.Sql("outbox");
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == SagaMetrics.MeterName && instrument.Name == "sagahub.outbox.parked")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "outbox" && Equals(tag.Value, outbox))
                {
                    Interlocked.Add(ref parked, value);
                }
            }
        });
        listener.Start();

        Assert.Equal(good, (await store.ClaimUndispatchedAsync(T(1_000), 10)).Select(e => e.Message.MessageId));
        await store.MarkDispatchedAsync(good, T(1_000));
        time.Now += TimeSpan.FromMinutes(5);
        Assert.Empty(await store.ClaimUndispatchedAsync(T(1_000), 10));
        Assert.Empty(await store.GetUndispatchedAsync(T(1_000), 10));

        await using var read = store.NewContext();
        var row = await read.Outbox.SingleAsync(o => o.MessageId == bad);
        Assert.Equal(T(1_000), row.FailedAt);
        Assert.Contains("No.Such.Type, NoAssembly", row.Failure, StringComparison.Ordinal);
        Assert.Equal(1L, Interlocked.Read(ref parked));
    }

    private sealed class ManualTime(DateTimeOffset now) : TimeProvider
    {
        private long ticks = now.UtcTicks;

        public DateTimeOffset Now
        {
            get => new(Interlocked.Read(ref ticks), TimeSpan.Zero);
            set => Interlocked.Exchange(ref ticks, value.UtcTicks);
        }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}

public sealed class When_the_sqlite_store_sweeps_its_outbox : When_the_durable_store_sweeps_its_outbox
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"sagahub-sweeps-{Guid.NewGuid():N}.db");

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
public sealed class When_the_postgresql_store_sweeps_its_outbox : When_the_durable_store_sweeps_its_outbox
{
    private readonly string schema = $"sweeps_{Guid.NewGuid():N}"[..26];

    [Fact]
    public async Task Should_send_each_left_over_row_once_when_two_sweeps_run_at_once()
    {
        var first = NewStore();
        var second = NewStore();
        var ids = new List<Guid>();
        for (var i = 0; i < 10; i++)
        {
            ids.AddRange(await LeaveRowsAsync(first, 20));
        }

        await second.EnsureSchemaAsync();
        var sent = new ConcurrentBag<Guid>();
        using var start = new Barrier(2);
        await Task.WhenAll(Task.Run(() => SweepAsync(first, sent, start)), Task.Run(() => SweepAsync(second, sent, start)));

        Assert.Equal(ids.Order(), sent.Order());
    }

    protected override SagaStoreOptions Options() => new SagaStoreOptions { Schema = schema }.UsePostgreSql(PostgreSqlStore.ConnectionString);

    protected override async Task DropAsync()
    {
        await using var connection = new NpgsqlConnection(PostgreSqlStore.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS \"{schema}\" CASCADE", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
