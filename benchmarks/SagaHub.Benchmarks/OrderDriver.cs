using System.Collections.Concurrent;
using System.Diagnostics;
using MassTransit;
using SagaHub.Contracts.Orders;

namespace SagaHub.Benchmarks;

/// <summary>How one order ended, as the runner saw it.</summary>
internal sealed record OrderOutcome(Guid OrderId, string Outcome, long SubmittedAt, long EndedAt)
{
    public double LatencyMs => Stopwatch.GetElapsedTime(SubmittedAt, EndedAt).TotalMilliseconds;
}

/// <summary>What one phase of orders did.</summary>
/// <param name="Requested">The orders the phase was to run.</param>
/// <param name="Submitted">The orders published (fewer than requested when the timeout came first).</param>
/// <param name="Ended">The orders whose end event arrived, each once.</param>
/// <param name="Elapsed">From the first publish until the last end event, or the timeout.</param>
internal sealed record PhaseResult(int Requested, int Submitted, IReadOnlyList<OrderOutcome> Ended, TimeSpan Elapsed)
{
    public int Completed => Ended.Count(o => o.Outcome == "Completed");

    /// <summary>Requested orders without an end event: the ones still in flight and the ones never submitted.</summary>
    public int NotEnded => Requested - Ended.Count;
}

/// <summary>
/// The load: publishes <see cref="OrderSubmitted"/> on the variant's virtual host, at most a window of
/// orders in flight, and listens on its own queue for the events every variant publishes when an order
/// ends (<see cref="OrderCompleted"/>, <see cref="OrderRejected"/>, <see cref="OrderCancelled"/>,
/// <see cref="OrderNeedsAttention"/>). Latency is from just before the publish to the end event's arrival.
/// </summary>
internal sealed class OrderDriver : IAsyncDisposable
{
    public const string CompletionQueue = "bench-order-ends";
    public const int Skus = 256;
    private readonly IBusControl bus;

    // Everything one RunAsync/ExpectAsync counts lives in its own Phase: an end event that arrives late (after its
    // phase timed out) or twice goes to the phase current when it arrives, which does not know the id and drops it,
    // instead of releasing the next phase's window, bumping its count or landing in its results.
    private Phase phase = new(0, null);
    private bool stopped;

    private OrderDriver(IBusControl bus) => this.bus = bus;

    public static async Task<OrderDriver> StartAsync(BrokerSettings broker, int prefetch, CancellationToken cancellationToken)
    {
        OrderDriver? driver = null;
        var bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(broker.Host, (ushort)broker.Port, broker.VirtualHost, "bench-runner", h =>
            {
                h.Username(broker.Username);
                h.Password(broker.Password);
            });
            cfg.PrefetchCount = prefetch;
            cfg.ReceiveEndpoint(CompletionQueue, e =>
            {
                e.Handler<OrderCompleted>(c => driver!.Ended(c.Message.OrderId, "Completed"));
                e.Handler<OrderRejected>(c => driver!.Ended(c.Message.OrderId, "Rejected"));
                e.Handler<OrderCancelled>(c => driver!.Ended(c.Message.OrderId, "Cancelled"));
                e.Handler<OrderNeedsAttention>(c => driver!.Ended(c.Message.OrderId, "NeedsAttention"));
            });
        });
        driver = new OrderDriver(bus);
        try
        {
            await bus.StartAsync(cancellationToken);
        }
        catch
        {
            // A bus that failed to start (or was cancelled) keeps reconnecting; left running it would consume the
            // next variant's end events from the same queue name.
            await bus.StopAsync(CancellationToken.None);
            throw;
        }

        return driver;
    }

    /// <summary>Runs <paramref name="count"/> orders with at most <paramref name="window"/> in flight; returns when all ended or at the timeout.</summary>
    public async Task<PhaseResult> RunAsync(int count, int window, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(window, 1);
        var current = Begin(count, new SemaphoreSlim(window));
        var started = Stopwatch.GetTimestamp();
        var submitted = 0;
        if (count == 0)
        {
            return new PhaseResult(count, submitted, [], TimeSpan.Zero); // nothing to wait for: not the whole timeout
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            for (var i = 0; i < count; i++)
            {
                await current.Window!.WaitAsync(deadline.Token);
                var orderId = NewId.NextGuid();
                current.Register(orderId, Stopwatch.GetTimestamp());

                // Counted before the publish: one that the timeout interrupts may have reached the broker all the
                // same, and its end event then counts among the submitted orders' ends.
                submitted++;
                await bus.Publish(Order(orderId, i), deadline.Token);
            }

            await current.AllEnded.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: report what ended; the caller names what did not.
        }

        return new PhaseResult(count, submitted, current.Ended, Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Waits for the end events of orders started by someone else (the timer scenario's prefilled orders).</summary>
    public async Task<IReadOnlyList<OrderOutcome>> ExpectAsync(IReadOnlyCollection<Guid> orderIds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ids = orderIds.Distinct().ToList(); // an id given twice ends once: counted twice it would never be "all"
        var current = Begin(ids.Count, window: null);
        var now = Stopwatch.GetTimestamp();
        foreach (var id in ids)
        {
            current.Register(id, now);
        }

        if (ids.Count == 0)
        {
            return [];
        }

        try
        {
            await current.AllEnded.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The caller counts what ended.
        }

        return current.Ended;
    }

    private Phase Begin(int expected, SemaphoreSlim? window)
    {
        var next = new Phase(expected, window);
        Volatile.Write(ref phase, next);
        return next;
    }

    public async ValueTask DisposeAsync()
    {
        if (!stopped)
        {
            stopped = true;
            await bus.StopAsync(CancellationToken.None);
        }
    }

    private static OrderSubmitted Order(Guid orderId, int i) =>
        new(orderId, $"bench-customer-{i % 64}", [new OrderLine(Sku(i), 1, 10.00m)]);

    /// <summary>Orders spread over <see cref="Skus"/> stock rows, as a shop's orders are: one hot row would measure PostgreSQL's row lock.</summary>
    public static string Sku(int i) => $"BENCH-{i % Skus:D3}";

    private Task Ended(Guid orderId, string outcome)
    {
        Volatile.Read(ref phase).End(orderId, outcome, Stopwatch.GetTimestamp());
        return Task.CompletedTask;
    }

    /// <summary>The orders of one run: registered before they are published, each ended by its first end event.</summary>
    private sealed class Phase(int expected, SemaphoreSlim? window)
    {
        private readonly ConcurrentDictionary<Guid, long> inFlight = new();
        private readonly ConcurrentQueue<OrderOutcome> ended = new();
        private readonly TaskCompletionSource allEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int endedCount;

        /// <summary>The slots of the orders in flight; null when the orders were started by someone else.</summary>
        public SemaphoreSlim? Window => window;

        public Task AllEnded => allEnded.Task;

        public IReadOnlyList<OrderOutcome> Ended => [.. ended];

        public void Register(Guid orderId, long submittedAt) => inFlight[orderId] = submittedAt;

        public void End(Guid orderId, string outcome, long endedAt)
        {
            if (!inFlight.TryRemove(orderId, out var submittedAt))
            {
                return; // a duplicate end event, or one from an earlier phase
            }

            ended.Enqueue(new OrderOutcome(orderId, outcome, submittedAt, endedAt));
            window?.Release();
            if (Interlocked.Increment(ref endedCount) == expected)
            {
                allEnded.TrySetResult();
            }
        }
    }
}

/// <summary>Where the broker is (the variant's own virtual host).</summary>
internal sealed record BrokerSettings(string Host, int Port, string VirtualHost, string Username, string Password);
