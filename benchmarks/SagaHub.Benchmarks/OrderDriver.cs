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
internal sealed record PhaseResult(int Submitted, IReadOnlyList<OrderOutcome> Ended, TimeSpan Elapsed)
{
    public int Completed => Ended.Count(o => o.Outcome == "Completed");

    public int NotEnded => Submitted - Ended.Count;
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
    private readonly ConcurrentDictionary<Guid, long> inFlight = new();
    private readonly ConcurrentQueue<OrderOutcome> ended = new();
    private SemaphoreSlim window = new(1);
    private TaskCompletionSource allEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int expected;
    private int endedCount;
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
        await bus.StartAsync(cancellationToken);
        return driver;
    }

    /// <summary>Runs <paramref name="count"/> orders with at most <paramref name="window"/> in flight; returns when all ended or at the timeout.</summary>
    public async Task<PhaseResult> RunAsync(int count, int window, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Reset(count, window);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var started = Stopwatch.GetTimestamp();
        var submitted = 0;
        try
        {
            for (var i = 0; i < count; i++)
            {
                await this.window.WaitAsync(deadline.Token);
                var orderId = NewId.NextGuid();
                inFlight[orderId] = Stopwatch.GetTimestamp();
                await bus.Publish(Order(orderId, i), deadline.Token);
                submitted++;
            }

            await allEnded.Task.WaitAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The timeout: report what ended; the caller names what did not.
        }

        return new PhaseResult(submitted, [.. ended], Stopwatch.GetElapsedTime(started));
    }

    /// <summary>Waits for the end events of orders started by someone else (the timer scenario's prefilled orders).</summary>
    public async Task<IReadOnlyList<OrderOutcome>> ExpectAsync(IReadOnlyCollection<Guid> orderIds, TimeSpan timeout, CancellationToken cancellationToken)
    {
        Reset(orderIds.Count, int.MaxValue);
        var now = Stopwatch.GetTimestamp();
        foreach (var id in orderIds)
        {
            inFlight[id] = now;
        }

        try
        {
            await allEnded.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            // The caller counts what ended.
        }

        return [.. ended];
    }

    private void Reset(int count, int windowSize)
    {
        while (ended.TryDequeue(out _))
        {
        }

        inFlight.Clear();
        window = new SemaphoreSlim(windowSize == int.MaxValue ? 0 : windowSize);
        allEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        expected = count;
        endedCount = 0;
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
        var now = Stopwatch.GetTimestamp();
        if (!inFlight.TryRemove(orderId, out var submittedAt))
        {
            return Task.CompletedTask; // a duplicate end event, or one from an earlier phase
        }

        ended.Enqueue(new OrderOutcome(orderId, outcome, submittedAt, now));
        window.Release();
        if (Interlocked.Increment(ref endedCount) == expected)
        {
            allEnded.TrySetResult();
        }

        return Task.CompletedTask;
    }
}

/// <summary>Where the broker is (the variant's own virtual host).</summary>
internal sealed record BrokerSettings(string Host, int Port, string VirtualHost, string Username, string Password);
