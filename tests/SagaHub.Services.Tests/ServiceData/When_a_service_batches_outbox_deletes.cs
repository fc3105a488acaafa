using System.Collections.Concurrent;
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
using SagaHub.Store.Tests.Contract;

namespace SagaHub.Services.Tests.ServiceData;

/// <summary>
/// What a service does with the outbox rows it dispatched (the inventory's database through the harness): the contract of
/// its queue of deletes (<see cref="DispatchedOutboxContract"/>; units of work are messages of a test consumer on the
/// inventory's inbox, a failure is an error in its handler, stopping is the host's stop), and the sweep beside it: rows
/// that cannot be sent are parked, a crashed sweep's claim runs out, and the sweep never re-sends a queued row.
/// </summary>
public abstract class When_a_service_batches_outbox_deletes : DispatchedOutboxContract
{
    protected const string Sku = "SKU-BATCH";
    private ServiceHarness? service;

    protected ServiceHarness Service => service ?? throw new InvalidOperationException("Start the service first.");

    protected override int PendingCount => Deletes.PendingCount;

    protected override IReadOnlyCollection<Guid> Queued => Deletes.Queued();

    private ServiceOutboxDeletes<InventoryDbContext> Deletes => Service.Get<ServiceOutboxDeletes<InventoryDbContext>>();

    /// <summary>Where the inventory keeps its data; null for the default (SQLite in a temp file of the harness's own).</summary>
    protected virtual ServiceDatabaseOptions? Database => null;

    public override async Task DisposeAsync()
    {
        if (service is not null)
        {
            await service.DisposeAsync();
        }
    }

    /// <summary>The idle delay is 10 minutes unless the test says otherwise: nothing deletes behind its back.</summary>
    protected async Task StartServiceAsync(Action<ServiceOutboxOptions>? configure = null, Action<IBusRegistrationConfigurator>? more = null)
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
                o.SweepInterval = TimeSpan.FromMinutes(10); // the tests sweep when they mean to: no background pass takes their rows
                configure?.Invoke(o);
            });
            bus.AddConsumer<EmitConsumer>();
            more?.Invoke(bus);
        });
    }

    protected override Task StartAsync(TimeSpan deleteDelay, int deleteThreshold) =>
        StartServiceAsync(o => (o.OutboxDeleteDelay, o.OutboxDeleteThreshold) = (deleteDelay, deleteThreshold));

    /// <summary>One message whose handler publishes <paramref name="rows"/> events; waits until the consumer returned (its dispatch is done).</summary>
    protected override async Task<IReadOnlyCollection<Guid>> HandleAsync(int rows, Guid? messageId = null)
    {
        var emit = new Emit(Guid.NewGuid(), rows, Fail: false);
        await SendAsync(emit, messageId);
        await Service.Consumed<Emit>(m => m.Id == emit.Id, 1);
        var ids = new List<Guid>(rows);
        if (rows > 0)
        {
            await foreach (var published in Service.Harness.Published.SelectAsync<Emitted>(m => m.Context.Message.Id == emit.Id))
            {
                ids.Add(published.Context.MessageId!.Value);
                if (ids.Count == rows)
                {
                    break;
                }
            }
        }

        Assert.Equal(rows, ids.Count);
        return ids;
    }

    /// <summary>A handler that throws after writing its row: the message's transaction rolls back, and it faults.</summary>
    protected override async Task FailAsync()
    {
        var emit = new Emit(Guid.NewGuid(), 1, Fail: true);
        await SendAsync(emit, null);
        await Service.Published<Fault<Emit>>(m => m.Message.Id == emit.Id);
    }

    protected override async Task HandleAgainAsync(Guid messageId)
    {
        await SendAsync(new Emit(Guid.NewGuid(), 1, Fail: false), messageId);
        await Service.Logs.WaitFor(eventId: 3200, count: 1);
    }

    protected override async Task FlushAsync() => await Deletes.FlushAsync();

    protected override Task StopAsync() => Service.Harness.Stop();

    /// <summary>The ids physically in the outbox table (the sweep's view hides queued ones).</summary>
    protected override async Task<IReadOnlySet<Guid>> RowsAsync()
    {
        await using var scope = Service.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Set<OutboxMessage>().Select(o => o.MessageId).ToListAsync()).ToHashSet();
    }

    protected override Task<int> SweepAsync() => Sweeper.SweepAsync(TimeSpan.Zero);

    private async Task SendAsync(Emit emit, Guid? messageId)
    {
        var endpoint = await Service.Harness.GetConsumerEndpoint<EmitConsumer>();
        await endpoint.Send(emit, c => c.MessageId = messageId ?? c.MessageId);
    }

    /// <summary>Reserves one unit for a new order and waits until the consumer returned (its dispatch is done); returns the StockReserved's id.</summary>
    private async Task<Guid> ReserveAsync()
    {
        var orderId = Guid.NewGuid();
        await Service.Send(Queues.Inventory, new ReserveStock(orderId, [new OrderLine(Sku, 1, 1m)]));
        await Service.Consumed<ReserveStock>(m => m.OrderId == orderId, 1);
        return (await Service.PublishedContext<StockReserved>(m => m.OrderId == orderId)).MessageId!.Value;
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
    public async Task Should_park_a_row_of_an_unknown_message_type_and_sweep_the_rest()
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
    public async Task Should_let_another_host_send_the_row_once_a_crashed_sweeps_claim_runs_out()
    {
        await StartServiceAsync(o => o.OutboxClaimLease = TimeSpan.FromSeconds(30));
        var row = await LeaveRowAsync(claimedUntil: Service.Time.GetUtcNow() + TimeSpan.FromSeconds(30)); // claimed by a host that then died

        Assert.Equal(0, await Sweeper.SweepAsync(TimeSpan.Zero));
        Service.Time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(1, await Sweeper.SweepAsync(TimeSpan.Zero));

        Assert.Equal(row.MessageId, (await Service.PublishedContext<StockReserved>(m => m.OrderId == row.OrderId)).MessageId);
        Assert.Equal(1, Service.PublishCount<StockReserved>(m => m.OrderId == row.OrderId));
    }

    [Fact]
    public async Task Should_skip_rows_queued_for_deletion_and_deliver_the_ones_left_behind()
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
        var left = await RowsAsync();
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
    public async Task Should_send_each_left_over_row_once_when_two_sweeps_run_at_once()
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
    public async Task Should_handle_a_message_once_when_two_copies_arrive_at_once()
    {
        var gate = new ProbeGate();
        await StartServiceAsync(more: bus =>
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

/// <summary>A test message on the inventory's inbox: its handler publishes <see cref="Count"/> events, then throws when <see cref="Fail"/> says so.</summary>
public sealed record Emit(Guid Id, int Count, bool Fail);

public sealed record Emitted(Guid Id, int Index);

public sealed class EmitConsumer(TransactionalInbox<InventoryDbContext> inbox) : IConsumer<Emit>
{
    public const string InboxName = "tests.emit";

    public Task Consume(ConsumeContext<Emit> context) =>
        inbox.RunAsync(context, InboxName, (_, outbox) =>
        {
            for (var i = 0; i < context.Message.Count; i++)
            {
                outbox.Publish(new Emitted(context.Message.Id, i));
            }

            return context.Message.Fail ? throw new InvalidOperationException("The handler failed after writing its rows.") : Task.CompletedTask;
        });
}
