using System.Collections.Concurrent;
using System.Globalization;
using MassTransit;
using SagaHub.Contracts.Orders;

namespace SagaHub.Benchmarks.Tests.Runner;

/// <summary>
/// The order driver against the local RabbitMQ, each test on a virtual host of its own, with a fake saga (a
/// MassTransit bus in the test) answering the orders. Nothing sleeps: every wait is on the driver's own tasks.
/// </summary>
[Trait("Category", "Integration")]
public sealed class OrderDriverTests : IAsyncLifetime, IDisposable
{
    private const string User = "sagahub";
    private const string Password = "sagahub";
    private static readonly TimeSpan Generous = TimeSpan.FromMinutes(2);
    private readonly string vhost = "sagahub-bench-tests-" + Guid.NewGuid().ToString("N");
    private readonly CancellationTokenSource timeout = new(TimeSpan.FromMinutes(4));

    private BrokerSettings Broker => new("127.0.0.1", 5672, vhost, User, Password);

    public async Task InitializeAsync()
    {
        await Shell.RunAsync("rabbitmqctl", ["-q", "add_vhost", vhost], timeout.Token, asRoot: true);
        await Shell.RunAsync("rabbitmqctl", ["-q", "set_permissions", "-p", vhost, User, ".*", ".*", ".*"], timeout.Token, asRoot: true);
    }

    public async Task DisposeAsync() => await Shell.RunAsync("rabbitmqctl", ["-q", "delete_vhost", vhost], CancellationToken.None, asRoot: true);

    public void Dispose() => timeout.Dispose();

    [Fact]
    public async Task RunAsync_FiftyOrdersWindowFour_AllEndWithTheirOutcomesAndNeverMoreThanFourInFlight()
    {
        // Every fifth order is rejected, every seventh end event comes twice; the saga holds the orders until it
        // has four, so the window is filled every time (and a driver that sent more would show it).
        var saga = new FakeSaga(holdUntil: 4, total: 50)
        {
            Decide = order => Index(order) % 5 == 0 ? "Rejected" : "Completed",
            Duplicate = order => Index(order) % 7 == 0,
        };
        await using var services = await FakeServices.StartAsync(Broker, saga, timeout.Token);
        await using var driver = await OrderDriver.StartAsync(Broker, prefetch: 16, timeout.Token);

        var result = await driver.RunAsync(count: 50, window: 4, Generous, timeout.Token).WaitAsync(Generous + Generous);

        Assert.Equal(50, result.Submitted);
        Assert.Equal(0, result.NotEnded);
        Assert.Equal(50, result.Ended.Count);
        Assert.Equal(50, result.Ended.Select(o => o.OrderId).Distinct().Count());
        Assert.Equal(40, result.Completed);
        Assert.Equal(50, saga.Received);
        Assert.All(result.Ended, o => Assert.Equal(saga.Decisions[o.OrderId], o.Outcome));
        Assert.All(result.Ended, o => Assert.True(o.EndedAt >= o.SubmittedAt && o.LatencyMs >= 0, $"{o.OrderId}: latency {o.LatencyMs} ms"));
        Assert.Equal(4, saga.MaxHeld);
        Assert.Equal(4, MaxInFlight(result.Ended));
    }

    [Fact]
    public async Task ExpectAsync_IdsEndedByTheTest_ReturnsEachOutcomeOnce()
    {
        await using var services = await FakeServices.StartAsync(Broker, saga: null, timeout.Token);
        await using var driver = await OrderDriver.StartAsync(Broker, prefetch: 16, timeout.Token);
        Guid[] ids = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

        var expect = driver.ExpectAsync(ids, Generous, timeout.Token);
        await services.Bus.Publish(new OrderCompleted(Guid.NewGuid(), "someone else", 1m), timeout.Token);
        await services.Bus.Publish(new OrderCancelled(ids[0], "c", "timeout"), timeout.Token);
        await services.Bus.Publish(new OrderCancelled(ids[1], "c", "timeout"), timeout.Token);
        await services.Bus.Publish(new OrderNeedsAttention(ids[2], "stuck"), timeout.Token);
        await services.Bus.Publish(new OrderCompleted(ids[3], "c", 1m), timeout.Token);
        await services.Bus.Publish(new OrderCompleted(ids[3], "c", 1m), timeout.Token);
        var ended = await expect.WaitAsync(Generous + Generous);

        Assert.Equal(4, ended.Count);
        var outcomes = ended.ToDictionary(o => o.OrderId, o => o.Outcome);
        Assert.Equal("Cancelled", outcomes[ids[0]]);
        Assert.Equal("Cancelled", outcomes[ids[1]]);
        Assert.Equal("NeedsAttention", outcomes[ids[2]]);
        Assert.Equal("Completed", outcomes[ids[3]]);
    }

    [Fact]
    public async Task ExpectAsync_SomeNeverEnd_ReturnsWhatEndedAtTheTimeout()
    {
        await using var services = await FakeServices.StartAsync(Broker, saga: null, timeout.Token);
        await using var driver = await OrderDriver.StartAsync(Broker, prefetch: 16, timeout.Token);
        Guid[] ids = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];

        var expect = driver.ExpectAsync(ids, TimeSpan.FromSeconds(8), timeout.Token);
        await services.Bus.Publish(new OrderRejected(ids[0], "c", "no stock"), timeout.Token);
        await services.Bus.Publish(new OrderCompleted(ids[2], "c", 1m), timeout.Token);
        var ended = await expect.WaitAsync(Generous);

        Assert.Equal(new[] { ids[0], ids[2] }.Order(), ended.Select(o => o.OrderId).Order());
        Assert.Equal("Rejected", ended.Single(o => o.OrderId == ids[0]).Outcome);
    }

    [Fact]
    public async Task RunAsync_SomeOrdersNeverEnd_ReturnsAtTheTimeoutWithTheOthersAndTheNextRunIsClean()
    {
        var saga = new FakeSaga(holdUntil: 1, total: int.MaxValue) { Decide = order => Index(order) is 0 or 5 ? null : "Completed" };
        await using var services = await FakeServices.StartAsync(Broker, saga, timeout.Token);
        await using var driver = await OrderDriver.StartAsync(Broker, prefetch: 16, timeout.Token);

        var first = await driver.RunAsync(count: 10, window: 4, TimeSpan.FromSeconds(8), timeout.Token).WaitAsync(Generous);

        Assert.Equal(10, first.Submitted);
        Assert.Equal(8, first.Ended.Count);
        Assert.Equal(2, first.NotEnded);
        Assert.Equal(8, first.Completed);
        Assert.Equal(saga.Dropped.Order(), saga.Decisions.Keys.Except(first.Ended.Select(o => o.OrderId)).Order());

        // The two lost orders end late, while the next run goes on: they must not count in it.
        saga.Decide = _ => "Completed";
        var second = driver.RunAsync(count: 6, window: 2, Generous, timeout.Token);
        foreach (var lost in saga.Dropped)
        {
            await services.Bus.Publish(new OrderCompleted(lost, "late", 1m), timeout.Token);
        }

        var next = await second.WaitAsync(Generous + Generous);
        Assert.Equal(6, next.Submitted);
        Assert.Equal(0, next.NotEnded);
        Assert.Equal(6, next.Completed);
        Assert.Empty(next.Ended.Select(o => o.OrderId).Intersect(saga.Dropped));
        Assert.True(MaxInFlight(next.Ended) <= 2, $"{MaxInFlight(next.Ended)} in flight with a window of 2");
    }

    [Fact]
    public async Task RunAsync_WindowFullAtTheTimeout_OrdersNotSubmittedCountAsNotEnded()
    {
        var saga = new FakeSaga(holdUntil: 1, total: int.MaxValue) { Decide = _ => null };
        await using var services = await FakeServices.StartAsync(Broker, saga, timeout.Token);
        await using var driver = await OrderDriver.StartAsync(Broker, prefetch: 16, timeout.Token);

        var result = await driver.RunAsync(count: 5, window: 2, TimeSpan.FromSeconds(3), timeout.Token).WaitAsync(Generous);

        Assert.Equal(5, result.Requested);
        Assert.Equal(2, result.Submitted);
        Assert.Empty(result.Ended);
        Assert.Equal(5, result.NotEnded);
    }

    [Fact]
    public async Task RunAsync_NoOrders_ReturnsAtOnce()
    {
        await using var driver = await OrderDriver.StartAsync(Broker, prefetch: 16, timeout.Token);

        var result = await driver.RunAsync(count: 0, window: 4, TimeSpan.FromMinutes(10), timeout.Token).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, result.Submitted);
        Assert.Empty(result.Ended);
        Assert.Equal(0, result.NotEnded);
    }

    [Fact]
    public async Task ExpectAsync_NoIds_ReturnsAtOnce()
    {
        await using var driver = await OrderDriver.StartAsync(Broker, prefetch: 16, timeout.Token);

        var ended = await driver.ExpectAsync([], TimeSpan.FromMinutes(10), timeout.Token).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Empty(ended);
    }

    /// <summary>The order's number within its run, from the SKU the driver gives it (<see cref="OrderDriver.Sku"/>).</summary>
    private static int Index(OrderSubmitted order) => int.Parse(order.Lines[0].Sku.AsSpan("BENCH-".Length), CultureInfo.InvariantCulture);

    /// <summary>The most orders in flight at one instant, from the driver's own stamps (an order holds its slot from SubmittedAt until EndedAt).</summary>
    private static int MaxInFlight(IEnumerable<OrderOutcome> ended)
    {
        var steps = ended
            .SelectMany(o => new[] { (At: o.SubmittedAt, Step: 1), (At: o.EndedAt, Step: -1) })
            .OrderBy(s => s.At)
            .ThenBy(s => s.Step); // an end and a submit on the same tick: the slot was handed over
        int current = 0, max = 0;
        foreach (var (_, step) in steps)
        {
            current += step;
            max = Math.Max(max, current);
        }

        return max;
    }

    /// <summary>
    /// The saga side: takes OrderSubmitted, holds the orders until it has <c>holdUntil</c> of them (or has received
    /// <c>total</c>), then publishes the end event <see cref="Decide"/> gives for each (null: never answers).
    /// </summary>
    private sealed class FakeSaga(int holdUntil, int total)
    {
        private readonly Lock gate = new();
        private List<OrderSubmitted> held = [];
        private int received;
        private int maxHeld;

        public Func<OrderSubmitted, string?> Decide { get; set; } = _ => "Completed";

        public Func<OrderSubmitted, bool> Duplicate { get; init; } = _ => false;

        public ConcurrentDictionary<Guid, string> Decisions { get; } = new();

        public ConcurrentBag<Guid> Dropped { get; } = [];

        public int Received => Volatile.Read(ref received);

        public int MaxHeld => Volatile.Read(ref maxHeld);

        public async Task ConsumeAsync(ConsumeContext<OrderSubmitted> context)
        {
            List<OrderSubmitted>? release = null;
            lock (gate)
            {
                received++;
                held.Add(context.Message);
                maxHeld = Math.Max(maxHeld, held.Count);
                if (held.Count >= holdUntil || received == total)
                {
                    release = held;
                    held = [];
                }
            }

            foreach (var order in release ?? [])
            {
                var outcome = Decide(order);
                if (outcome is null)
                {
                    Dropped.Add(order.OrderId);
                    Decisions[order.OrderId] = "Dropped";
                    continue;
                }

                Decisions[order.OrderId] = outcome;
                for (var copies = Duplicate(order) ? 2 : 1; copies > 0; copies--)
                {
                    await (outcome switch
                    {
                        "Completed" => context.Publish(new OrderCompleted(order.OrderId, order.CustomerId, 10m)),
                        "Rejected" => context.Publish(new OrderRejected(order.OrderId, order.CustomerId, "no stock")),
                        _ => throw new InvalidOperationException($"The fake saga does not publish '{outcome}'."),
                    });
                }
            }
        }
    }

    /// <summary>A MassTransit bus on the test's virtual host: the fake saga's endpoint, and a publisher for the test.</summary>
    private sealed class FakeServices(IBusControl bus) : IAsyncDisposable
    {
        public IBus Bus => bus;

        public static async Task<FakeServices> StartAsync(BrokerSettings broker, FakeSaga? saga, CancellationToken cancellationToken)
        {
            var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
            {
                cfg.Host(broker.Host, (ushort)broker.Port, broker.VirtualHost, h =>
                {
                    h.Username(broker.Username);
                    h.Password(broker.Password);
                });
                if (saga is not null)
                {
                    cfg.ReceiveEndpoint("bench-tests-fake-saga", e => e.Handler<OrderSubmitted>(saga.ConsumeAsync));
                }
            });
            await bus.StartAsync(cancellationToken);
            return new FakeServices(bus);
        }

        public async ValueTask DisposeAsync() => await bus.StopAsync(CancellationToken.None);
    }
}
