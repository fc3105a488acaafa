using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub;

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
