using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.EntityFrameworkCore;
using SagaHub.Inventory;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Outbox;

/// <summary>
/// What a service does with the outbox rows it dispatched (the inventory through the harness): their delete
/// waits in the service database's queue and rides in the next message's transaction, goes back in the queue
/// when that transaction rolls back, is done on its own after the idle delay and when the host stops, and the
/// sweep never re-sends a queued row.
/// </summary>
public abstract class When_a_service_batches_outbox_deletes : IAsyncLifetime
{
    protected const string Sku = "SKU-BATCH";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private ServiceHarness? service;

    protected ServiceHarness Service => service ?? throw new InvalidOperationException("Start the service first.");

    private ServiceOutboxDeletes<InventoryDbContext> Deletes => Service.Get<ServiceOutboxDeletes<InventoryDbContext>>();

    /// <summary>Where the inventory keeps its data; null for the default (SQLite in a temp file of the harness's own).</summary>
    protected virtual ServiceDatabaseOptions? Database => null;

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual async Task DisposeAsync()
    {
        if (service is not null)
        {
            await service.DisposeAsync();
        }
    }

    /// <summary>The idle delay is 10 minutes unless the test says otherwise: nothing deletes behind its back.</summary>
    protected async Task StartAsync(Action<ServiceOutboxOptions>? configure = null, Action<IBusRegistrationConfigurator>? more = null)
    {
        service = await ServiceHarness.Start(bus =>
        {
            bus.AddInventoryService(o =>
            {
                o.InitialStock.Clear();
                o.InitialStock[Sku] = 1_000;
                o.Retry.RetryLimit = 1;
                o.Retry.MinInterval = o.Retry.IntervalDelta = TimeSpan.FromMilliseconds(10);
                o.Database = Database ?? o.Database;
            });
            bus.Configure<ServiceOutboxOptions>(ServiceOutboxOptions.NameFor<InventoryDbContext>(), o =>
            {
                o.OutboxDeleteDelay = TimeSpan.FromMinutes(10);
                configure?.Invoke(o);
            });
            more?.Invoke(bus);
        });
    }

    /// <summary>Reserves one unit for a new order and waits until the consumer returned (its dispatch is done); returns the StockReserved's id.</summary>
    private async Task<Guid> ReserveAsync(Guid? messageId = null)
    {
        var orderId = Guid.NewGuid();
        await Service.Send(Queues.Inventory, new ReserveStock(orderId, [new OrderLine(Sku, 1, 1m)]), c => c.MessageId = messageId ?? c.MessageId);
        await Service.Consumed<ReserveStock>(m => m.OrderId == orderId, 1);
        return (await Service.PublishedContext<StockReserved>(m => m.OrderId == orderId)).MessageId!.Value;
    }

    /// <summary>The ids physically in the outbox table (the sweep's view hides queued ones).</summary>
    private async Task<HashSet<Guid>> OutboxAsync()
    {
        await using var scope = Service.CreateScope();
        return [.. await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Set<OutboxMessage>().Select(o => o.MessageId).ToListAsync()];
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

    /// <summary>Writes an outbox row as a crashed consumer leaves it behind: a StockReserved for a new order, or a row naming <paramref name="messageType"/>.</summary>
    protected async Task<(Guid MessageId, Guid OrderId)> LeaveRowAsync(string? messageType = null, DateTimeOffset? claimedUntil = null)
    {
        var row = (MessageId: NewId.NextGuid(), OrderId: Guid.NewGuid());
        await using var scope = Service.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        db.Add(new OutboxMessage
        {
            MessageId = row.MessageId,
            Source = ReserveStockConsumer.InboxName,
            CorrelationId = row.OrderId,
            MessageType = messageType ?? $"{typeof(StockReserved).FullName}, {typeof(StockReserved).Assembly.GetName().Name}",
            Body = JsonSerializer.Serialize(new StockReserved(row.OrderId), JsonSerializerOptions.Web),
            CreatedAt = Service.Time.GetUtcNow(),
        });
        await db.SaveChangesAsync();
        if (claimedUntil is { } until)
        {
            await db.Set<OutboxMessage>().Where(o => o.MessageId == row.MessageId).ExecuteUpdateAsync(set => set.SetProperty(o => o.ClaimedUntil, until));
        }

        return row;
    }

    protected IServiceOutboxSweeper<InventoryDbContext> Sweeper => Service.Get<IServiceOutboxSweeper<InventoryDbContext>>();

    [Fact]
    public async Task A_row_of_an_unknown_message_type_is_parked_and_the_rest_are_swept()
    {
        await StartAsync();
        var parked = 0L;
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
                if (tag.Key == "outbox" && Equals(tag.Value, nameof(InventoryDbContext)))
                {
                    Interlocked.Add(ref parked, value);
                }
            }
        });
        listener.Start();
        var before = await LeaveRowAsync();
        var bad = await LeaveRowAsync("No.Such.Type, NoAssembly");
        var after = await LeaveRowAsync();

        Assert.Equal(2, await Sweeper.SweepAsync(TimeSpan.Zero));
        Assert.Equal(0, await Sweeper.SweepAsync(TimeSpan.Zero));

        Assert.Equal(before.MessageId, (await Service.PublishedContext<StockReserved>(m => m.OrderId == before.OrderId)).MessageId);
        Assert.Equal(after.MessageId, (await Service.PublishedContext<StockReserved>(m => m.OrderId == after.OrderId)).MessageId);
        await using var scope = Service.CreateScope();
        var row = Assert.Single(await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Set<OutboxMessage>().ToListAsync());
        Assert.Equal(bad.MessageId, row.MessageId);
        Assert.NotNull(row.FailedAt);
        Assert.Contains("No.Such.Type, NoAssembly", row.Failure, StringComparison.Ordinal);
        Assert.Single(await Service.Logs.WaitFor(eventId: 3120, count: 1));
        Assert.Equal(1L, Interlocked.Read(ref parked));
    }

    [Fact]
    public async Task A_crashed_sweeps_claim_runs_out_and_another_host_sends_the_row()
    {
        await StartAsync(o => o.OutboxClaimLease = TimeSpan.FromSeconds(30));
        var row = await LeaveRowAsync(claimedUntil: Service.Time.GetUtcNow() + TimeSpan.FromSeconds(30)); // claimed by a host that then died

        Assert.Equal(0, await Sweeper.SweepAsync(TimeSpan.Zero));
        Service.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await Sweeper.SweepAsync(TimeSpan.Zero));

        Assert.Equal(row.MessageId, (await Service.PublishedContext<StockReserved>(m => m.OrderId == row.OrderId)).MessageId);
        Assert.Equal(1, Service.PublishCount<StockReserved>(m => m.OrderId == row.OrderId));
    }

    [Fact]
    public async Task A_dispatched_row_is_deleted_in_the_next_message_s_transaction()
    {
        await StartAsync();

        var first = await ReserveAsync();

        Assert.Contains(first, await OutboxAsync()); // dispatched, but no delete of its own
        Assert.Equal([first], Deletes.Queued());
        Assert.Equal(1, Deletes.PendingCount);

        var second = await ReserveAsync();

        var left = await OutboxAsync();
        Assert.DoesNotContain(first, left); // deleted by the second message's transaction
        Assert.Contains(second, left);
        Assert.Equal([second], Deletes.Queued());
    }

    [Fact]
    public async Task A_message_that_rolls_back_puts_the_deletes_it_took_back_in_the_queue()
    {
        var handledId = NewId.NextGuid();
        await StartAsync();
        var first = await ReserveAsync(handledId);

        // An error: the restock has a bad line, both attempts roll back.
        var refundId = Guid.NewGuid();
        await Service.Send(Queues.Inventory, new RestockItems(refundId, Guid.NewGuid(), [new OrderLine(Sku, 2, 1m), new OrderLine("SKU-BAD", -1, 1m)]));
        await Service.Published<Fault<RestockItems>>(m => m.Message.RefundId == refundId);

        Assert.Contains(first, await OutboxAsync());
        Assert.Equal([first], Deletes.Queued());
        Assert.Equal(1, Deletes.PendingCount);

        // A duplicate: rolled back too.
        await Service.Send(Queues.Inventory, new ReserveStock(Guid.NewGuid(), [new OrderLine(Sku, 1, 1m)]), c => c.MessageId = handledId);
        await Service.Logs.WaitFor(eventId: 3200, count: 1);

        Assert.Contains(first, await OutboxAsync());
        Assert.Equal(1, Deletes.PendingCount);

        var next = await ReserveAsync();

        var left = await OutboxAsync();
        Assert.DoesNotContain(first, left);
        Assert.Contains(next, left);
    }

    [Fact]
    public async Task Rows_no_message_takes_are_deleted_after_the_idle_delay()
    {
        var delay = TimeSpan.FromSeconds(2);
        await StartAsync(o => o.OutboxDeleteDelay = delay);
        var clock = Stopwatch.StartNew();

        var id = await ReserveAsync();

        if (clock.Elapsed < delay)
        {
            Assert.Contains(id, await OutboxAsync()); // queued, not deleted at once
        }

        await WaitUntilAsync(async () => !(await OutboxAsync()).Contains(id), "the idle delete ran");
        Assert.Empty(Deletes.Queued());
    }

    [Fact]
    public async Task Stopping_the_host_deletes_the_queued_rows()
    {
        await StartAsync();
        var id = await ReserveAsync();
        Assert.Contains(id, await OutboxAsync());

        await Service.Harness.Stop();

        Assert.DoesNotContain(id, await OutboxAsync());
        Assert.Empty(Deletes.Queued());
    }

    [Fact]
    public async Task After_the_flush_dispatched_rows_are_deleted_at_once()
    {
        await StartAsync();
        var queued = await ReserveAsync();

        await Deletes.FlushAsync();
        var later = await ReserveAsync();

        var left = await OutboxAsync();
        Assert.DoesNotContain(queued, left);
        Assert.DoesNotContain(later, left);
        Assert.Empty(Deletes.Queued());
    }

    [Fact]
    public async Task The_sweep_skips_rows_queued_for_deletion_and_delivers_the_ones_left_behind()
    {
        await StartAsync();
        var queued = await ReserveAsync();
        var leftBehind = NewId.NextGuid();
        var orderId = Guid.NewGuid();
        await using (var scope = Service.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            db.Add(new OutboxMessage
            {
                MessageId = leftBehind,
                Source = ReserveStockConsumer.InboxName,
                CorrelationId = orderId,
                MessageType = $"{typeof(StockReserved).FullName}, {typeof(StockReserved).Assembly.GetName().Name}",
                Body = JsonSerializer.Serialize(new StockReserved(orderId), JsonSerializerOptions.Web),
                CreatedAt = Service.Time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        var swept = await Service.Get<IServiceOutboxSweeper<InventoryDbContext>>().SweepAsync(TimeSpan.Zero);

        Assert.Equal(1, swept);
        Assert.Equal(leftBehind, (await Service.PublishedContext<StockReserved>(m => m.OrderId == orderId)).MessageId);
        var left = await OutboxAsync();
        Assert.Contains(queued, left); // still there, its delete still queued, and not sent again
        Assert.DoesNotContain(leftBehind, left);
        Assert.Equal(2, Service.PublishCount<StockReserved>(_ => true)); // the reservation's, then the left-behind one's
    }
}

public sealed class When_a_service_batches_outbox_deletes_on_SQLite : When_a_service_batches_outbox_deletes;

[Trait("Category", "Integration")]
public sealed class When_a_service_batches_outbox_deletes_on_PostgreSql : When_a_service_batches_outbox_deletes
{
    private readonly PostgresDatabase postgres = new(); // one database per test: the outbox holds only the test's rows

    protected override ServiceDatabaseOptions Database => postgres.Options;

    public override async Task InitializeAsync()
    {
        await postgres.InitializeAsync();
        await using var host = StoreHost.Start(bus => bus.AddInventoryService(o =>
        {
            o.InitialStock.Clear();
            o.InitialStock[Sku] = 1_000;
            o.Database = postgres.Options;
        }));
        await host.Get<InventoryStore>().OnHandAsync(Sku); // schema and stock before the harness: its start stays quick
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await postgres.DisposeAsync();
    }

    /// <summary>Two sweeps (as two hosts run them) over one database at once: the claims hand each left-over row to one of them.</summary>
    [Fact]
    public async Task Two_sweeps_at_once_send_each_left_over_row_once()
    {
        await StartAsync();
        var rows = new List<(Guid MessageId, Guid OrderId)>();
        for (var i = 0; i < 300; i++)
        {
            rows.Add(await LeaveRowAsync());
        }

        var swept = await Task.WhenAll(Task.Run(() => Sweeper.SweepAsync(TimeSpan.Zero)), Task.Run(() => Sweeper.SweepAsync(TimeSpan.Zero)));

        Assert.Equal(300, swept.Sum());
        await Service.Published<StockReserved>(_ => true, 300);
        Assert.All(rows, r => Assert.Equal(1, Service.PublishCount<StockReserved>(m => m.OrderId == r.OrderId)));
    }

    /// <summary>
    /// Two copies of one message at once, both past the inbox check before either writes (on SQLite the second
    /// could not even begin): the one that inserts its inbox row second waits for the first's commit, hits the
    /// unique key, rolls back, finds the row and is a duplicate — nothing done twice, no error.
    /// </summary>
    [Fact]
    public async Task Two_copies_of_a_message_at_once_are_handled_once()
    {
        var gate = new ProbeGate();
        await StartAsync(more: bus =>
        {
            bus.AddSingleton(gate);
            bus.AddConsumer<ProbeConsumer>().Endpoint(e => e.ConcurrentMessageLimit = 4);
        });
        var probe = new Probe(Guid.NewGuid());
        var messageId = NewId.NextGuid();
        var endpoint = await Service.Harness.GetConsumerEndpoint<ProbeConsumer>();

        await Task.WhenAll(endpoint.Send(probe, c => c.MessageId = messageId), endpoint.Send(probe, c => c.MessageId = messageId));

        Assert.Equal([false, true], (await gate.ResultsAsync(2)).Order());
        Assert.Single(await Service.Logs.WaitFor(eventId: 3200, count: 1));
        Assert.Equal(1, Service.PublishCount<ProbeHandled>(m => m.Id == probe.Id));
        await using var scope = Service.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Set<InboxMessage>().CountAsync(i => i.Consumer == ProbeConsumer.InboxName));
    }
}

public sealed record Probe(Guid Id);

public sealed record ProbeHandled(Guid Id);

/// <summary>Holds both copies inside their transactions until each has passed its inbox check; records what RunAsync returned.</summary>
public sealed class ProbeGate
{
    private readonly TaskCompletionSource both = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<bool> results = new();
    private int arrived;

    public Task ArriveAsync()
    {
        if (Interlocked.Increment(ref arrived) == 2)
        {
            both.TrySetResult();
        }

        return both.Task.WaitAsync(TimeSpan.FromSeconds(20));
    }

    public void Record(bool handled) => results.Enqueue(handled);

    public async Task<bool[]> ResultsAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (results.Count < count)
        {
            await Task.Delay(20, timeout.Token);
        }

        return [.. results];
    }
}

public sealed class ProbeConsumer(TransactionalInbox<InventoryDbContext> inbox, ProbeGate gate) : IConsumer<Probe>
{
    public const string InboxName = "tests.probe";

    public async Task Consume(ConsumeContext<Probe> context)
    {
        var handled = await inbox.RunAsync(context, InboxName, async (_, outbox) =>
        {
            await gate.ArriveAsync();
            outbox.Publish(new ProbeHandled(context.Message.Id));
        });
        gate.Record(handled);
    }
}
