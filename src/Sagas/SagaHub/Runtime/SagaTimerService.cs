using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub;

/// <summary>
/// Fires due deadlines (timeouts, task escalations and expiries): claims a bounded batch from the
/// store and sends each saga a <see cref="SagaTimeoutElapsed"/> on its own queue, where it is handled
/// like any trigger. Runs in every saga host; claims keep competing hosts from firing one twice.
/// </summary>
public interface ISagaTimers
{
    /// <summary>Fires every deadline due now (in batches) and returns how many were sent.</summary>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>The number of timer messages sent.</returns>
    Task<int> FireDueAsync(CancellationToken cancellationToken = default);

    /// <summary>When the next deadline nobody holds comes due, or null when there is none (or the store cannot tell).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The due time, or null.</returns>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) => Task.FromResult<DateTimeOffset?>(null);
}

internal sealed class SagaTimers(
    ISagaDeadlineStore store,
    SagaCatalog catalog,
    IBus sender,
    TimeProvider time,
    IOptions<SagaHubOptions> options,
    ILogger<SagaTimers> logger) : ISagaTimers
{
    private readonly string[] sagaTypes = [.. catalog.All.Select(s => s.Name)];

    public async Task<int> FireDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var total = 0;
        while (true)
        {
            var due = await store.ClaimDueDeadlinesAsync(time.GetUtcNow(), settings.TimerClaimLease, settings.TimerBatchSize, sagaTypes, cancellationToken).ConfigureAwait(false);
            // One batch's timer messages go out together: a send waits for the broker's confirm, and one at a
            // time that wait is paid per deadline (10,000 deadlines due at once would take seconds to send).
            await Task.WhenAll(due.Select(deadline => SendAsync(deadline, cancellationToken))).ConfigureAwait(false);
            total += due.Count;
            if (due.Count < settings.TimerBatchSize)
            {
                break;
            }
        }

        if (total > 0)
        {
            Log.TimersFired(logger, total);
        }

        return total;
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken = default) =>
        await store.NextDeadlineAsync(time.GetUtcNow(), sagaTypes, cancellationToken).ConfigureAwait(false);

    private async Task SendAsync(DueDeadline deadline, CancellationToken cancellationToken)
    {
        var saga = catalog.Find(deadline.SagaType);
        if (saga is null)
        {
            return; // a saga type this host does not run: another host fires it
        }

        var endpoint = await sender.GetSendEndpoint(new Uri($"queue:{saga.QueueName}")).ConfigureAwait(false);
        var message = new SagaTimeoutElapsed(deadline.SagaType, deadline.SagaId, deadline.Deadline.Id, deadline.Deadline.DueAt);
        await endpoint.Send(
            message,
            Pipe.Execute<SendContext>(c =>
            {
                c.MessageId = DeterministicIds.For(deadline.SagaId, deadline.Deadline.Id, 0);
                c.CorrelationId = deadline.SagaId;
            }),
            cancellationToken).ConfigureAwait(false);
    }
}

internal sealed class SagaTimerService(ISagaTimers timers, TimeProvider time, IOptions<SagaHubOptions> options, ILogger<SagaTimerService> logger, SagaTimerSignal? signal = null) : BackgroundService
{
    /// <summary>The shortest sleep between passes, so a deadline claimed elsewhere but not yet handled cannot make the loop spin.</summary>
    internal static readonly TimeSpan MinimumSleep = TimeSpan.FromMilliseconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var sleep = options.Value.TimerPollInterval;
            try
            {
                signal?.PassStarting();
                await timers.FireDueAsync(stoppingToken).ConfigureAwait(false);
                if (await timers.NextDueAsync(stoppingToken).ConfigureAwait(false) is { } next)
                {
                    var untilDue = next - time.GetUtcNow();
                    sleep = untilDue < MinimumSleep ? MinimumSleep : untilDue < sleep ? untilDue : sleep;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.BackgroundFailed(logger, ex, "timer");
            }

            try
            {
                await SleepAsync(sleep, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Sleeps until the time is up, or until this host sets a deadline that comes due sooner.</summary>
    private async Task SleepAsync(TimeSpan sleep, CancellationToken stoppingToken)
    {
        if (signal is null)
        {
            await Task.Delay(sleep, time, stoppingToken).ConfigureAwait(false);
            return;
        }

        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        try
        {
            // WhenAny never throws; the task that loses is cancelled below.
            await Task.WhenAny(signal.WaitAsync(time.GetUtcNow() + sleep, wake.Token), Task.Delay(sleep, time, wake.Token)).ConfigureAwait(false);
        }
        finally
        {
            await wake.CancelAsync().ConfigureAwait(false);
        }

        stoppingToken.ThrowIfCancellationRequested();
    }
}

/// <summary>
/// Tells the sleeping timer service of this host that a saga here has just set a deadline: when it comes due
/// before the service means to wake, the service wakes for it (deadlines set by other hosts are seen at the
/// next pass, within the poll interval).
/// </summary>
internal sealed class SagaTimerSignal
{
    private readonly Lock gate = new();
    private DateTimeOffset wakeAt = DateTimeOffset.MaxValue;
    private DateTimeOffset earliestSet = DateTimeOffset.MaxValue;
    private TaskCompletionSource? sleeper;

    /// <summary>A pass begins: it sees every deadline committed before it, so forget those set until now.</summary>
    public void PassStarting()
    {
        lock (gate)
        {
            earliestSet = DateTimeOffset.MaxValue;
        }
    }

    /// <summary>A deadline due at <paramref name="dueAt"/> was committed.</summary>
    public void DeadlineSet(DateTimeOffset dueAt)
    {
        TaskCompletionSource? wake = null;
        lock (gate)
        {
            if (dueAt < earliestSet)
            {
                earliestSet = dueAt; // set during a pass or before the sleep began: the next sleep is cut short
            }

            if (dueAt < wakeAt && sleeper is not null)
            {
                wake = sleeper;
                sleeper = null;
                wakeAt = DateTimeOffset.MaxValue;
            }
        }

        wake?.TrySetResult();
    }

    /// <summary>
    /// Completes when a deadline due before <paramref name="wakeAt"/> is set (at once when one was set since the
    /// pass began), or when cancelled.
    /// </summary>
    public Task WaitAsync(DateTimeOffset wakeAt, CancellationToken cancellationToken)
    {
        var tcs = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (gate)
        {
            if (earliestSet < wakeAt)
            {
                return Task.CompletedTask;
            }

            this.wakeAt = wakeAt;
            sleeper = tcs;
        }

        var registration = cancellationToken.Register(() => tcs.TrySetCanceled(cancellationToken));
        _ = tcs.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return tcs.Task;
    }
}

/// <summary>Delivers outbox rows that a crash (or a failed dispatch) left behind.</summary>
public interface IOutboxSweeper
{
    /// <summary>Dispatches every undispatched outbox row older than the sweep age.</summary>
    /// <param name="olderThan">Override of the minimum age (zero takes every row).</param>
    /// <param name="cancellationToken">Cancels the pass.</param>
    /// <returns>How many rows were delivered.</returns>
    Task<int> SweepAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default);
}

internal sealed class OutboxSweeper(
    ISagaOutboxStore store,
    OutboxDispatcher dispatcher,
    IBus bus,
    TimeProvider time,
    IOptions<SagaHubOptions> options,
    ILogger<OutboxSweeper> logger) : IOutboxSweeper
{
    public async Task<int> SweepAsync(TimeSpan? olderThan = null, CancellationToken cancellationToken = default)
    {
        var total = 0;
        while (true)
        {
            // Claimed: the sweeps of other hosts pass these rows over until the store's lease runs out.
            var rows = await store.ClaimUndispatchedAsync(time.GetUtcNow() - (olderThan ?? options.Value.OutboxSweepAge), 200, cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                break;
            }

            var sent = 0;
            try
            {
                sent = await dispatcher.DispatchAsync(rows, bus, bus, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                if (sent < rows.Count)
                {
                    // Not sent (a failed send stops the batch): released at once, so the next pass retries them.
                    await store.ReleaseUndispatchedAsync([.. rows.Skip(sent).Select(r => r.Message.MessageId)], CancellationToken.None).ConfigureAwait(false);
                }
            }

            total += sent;
            if (sent < rows.Count)
            {
                break;
            }
        }

        if (total > 0)
        {
            Log.Swept(logger, total);
        }

        return total;
    }
}

internal sealed class OutboxSweepService(IOutboxSweeper sweeper, TimeProvider time, IOptions<SagaHubOptions> options, ILogger<OutboxSweepService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(options.Value.OutboxSweepInterval, time, stoppingToken).ConfigureAwait(false);
                await sweeper.SweepAsync(cancellationToken: stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                Log.BackgroundFailed(logger, ex, "outbox sweep");
            }
        }
    }
}
