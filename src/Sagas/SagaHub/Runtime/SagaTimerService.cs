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
}

internal sealed class SagaTimers(
    ISagaStore store,
    SagaCatalog catalog,
    IBus sender,
    TimeProvider time,
    IOptions<SagaHubOptions> options,
    ILogger<SagaTimers> logger) : ISagaTimers
{
    public async Task<int> FireDueAsync(CancellationToken cancellationToken = default)
    {
        var settings = options.Value;
        var sagaTypes = catalog.All.Select(s => s.Name).ToArray();
        var total = 0;
        while (true)
        {
            var due = await store.ClaimDueDeadlinesAsync(time.GetUtcNow(), settings.TimerClaimLease, settings.TimerBatchSize, sagaTypes, cancellationToken).ConfigureAwait(false);
            foreach (var deadline in due)
            {
                var saga = catalog.Find(deadline.SagaType);
                if (saga is null)
                {
                    continue; // a saga type this host does not run: another host fires it
                }

                var endpoint = await sender.GetSendEndpoint(new Uri($"queue:{saga.QueueName}")).ConfigureAwait(false);
                var message = new SagaTimeoutElapsed(deadline.SagaType, deadline.SagaId, deadline.Deadline.Id, deadline.Deadline.DueAt);
                await endpoint.Send(
                    message,
                    Pipe.Execute<SendContext>(c =>
                    {
                        c.MessageId = FireEffects.DeterministicId(deadline.SagaId, deadline.Deadline.Id, 0);
                        c.CorrelationId = deadline.SagaId;
                    }),
                    cancellationToken).ConfigureAwait(false);
            }

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
}

internal sealed class SagaTimerService(ISagaTimers timers, TimeProvider time, IOptions<SagaHubOptions> options, ILogger<SagaTimerService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await timers.FireDueAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.BackgroundFailed(logger, ex, "timer");
            }

            try
            {
                await Task.Delay(options.Value.TimerPollInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
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
    ISagaStore store,
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
            var rows = await store.GetUndispatchedAsync(time.GetUtcNow() - (olderThan ?? options.Value.OutboxSweepAge), 200, cancellationToken).ConfigureAwait(false);
            if (rows.Count == 0)
            {
                break;
            }

            var sent = await dispatcher.DispatchAsync(rows, bus, bus, cancellationToken).ConfigureAwait(false);
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
