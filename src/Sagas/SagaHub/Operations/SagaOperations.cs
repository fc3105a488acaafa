using MassTransit;
using Microsoft.Extensions.Logging;

namespace SagaHub;

/// <summary>
/// Runs an operator action through the saga's unit of work: the action's id is the inbox's message id, the row is
/// version-checked, history and outbox are written in one commit, then the outbox is dispatched like a message's.
/// </summary>
internal sealed class SagaOperations(
    SagaCatalog catalog,
    ISagaUnitOfWorkStore store,
    OutboxDispatcher dispatcher,
    IBus bus,
    TimeProvider time,
    SagaMetrics metrics,
    ILogger<SagaOperations> logger,
    SagaTimerSignal? timerSignal = null) : ISagaOperations
{
    public async Task<SagaActionChoices> ChoicesAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default)
    {
        var saga = Find(sagaType);
        var snapshot = await store.LoadAsync(saga.Name, sagaId, cancellationToken).ConfigureAwait(false)
            ?? throw new SagaNotFoundException(saga.Name, sagaId, "operator action");
        return saga.ActionsFor(snapshot);
    }

    public Task<SagaActionResult> ActAsync(string sagaType, Guid sagaId, SagaAction action, CancellationToken cancellationToken = default) =>
        RunAsync(sagaType, sagaId, action, dryRun: false, cancellationToken);

    public Task<SagaActionResult> DryRunAsync(string sagaType, Guid sagaId, SagaAction action, CancellationToken cancellationToken = default) =>
        RunAsync(sagaType, sagaId, action, dryRun: true, cancellationToken);

    private async Task<SagaActionResult> RunAsync(string sagaType, Guid sagaId, SagaAction action, bool dryRun, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(action);
        action.Validate();
        var saga = Find(sagaType);
        SagaStep step;
        SagaSnapshot snapshot;
        List<OutboxEntry> outbox;
        var session = await store.BeginAsync(saga.Name, sagaId, saga.Name, action.Id, ct).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (session.AlreadyProcessed)
            {
                var current = await store.LoadAsync(saga.Name, sagaId, ct).ConfigureAwait(false);
                var state = current?.State ?? "(unknown)";
                return new SagaActionResult(saga.Name, sagaId, action.Id, false, true, state, state, current?.Version ?? 0, [], []);
            }

            snapshot = session.Snapshot ?? throw new SagaNotFoundException(saga.Name, sagaId, "operator action");
            if (action.ExpectedVersion is { } expected && expected != snapshot.Version)
            {
                throw new SagaConcurrencyException(saga.Name, sagaId, expected);
            }

            var now = time.GetUtcNow();
            step = saga.Fire(snapshot, sagaId, typeof(SagaAction), action, action.Id, now);
            if (step.Result.Outcome == FireOutcome.Rejected)
            {
                throw new SagaActionRejectedException(saga.Name, sagaId, step.Result.Reason!, saga.ActionsFor(snapshot));
            }

            var after = step.Snapshot!;
            if (dryRun)
            {
                return new SagaActionResult(saga.Name, sagaId, action.Id, false, false, step.Result.From, step.Result.To, snapshot.Version, step.Result.History, step.Result.Outgoing);
            }

            outbox = [.. step.Result.Outgoing.Select((m, i) => new OutboxEntry(saga.Name, sagaId, m, now.AddTicks(i * 10L)))];
            var commit = new SagaCommit(saga.Name, action.Id, after, snapshot.Version, step.Result.History, outbox)
            {
                TaskChanges = HumanTaskChange.Between(snapshot, after, null),
            };
            try
            {
                await session.CommitAsync(commit, ct).ConfigureAwait(false);
            }
            catch (SagaConcurrencyException)
            {
                metrics.Conflicts.Add(1, new KeyValuePair<string, object?>("saga", saga.Name));
                throw;
            }
        }

        metrics.ManualRepairs.Add(1, new KeyValuePair<string, object?>("saga", saga.Name), new KeyValuePair<string, object?>("action", action.Kind.ToString()));
        Log.OperatorAction(logger, saga.Name, sagaId, action.Kind, action.By, step.Result.From, step.Result.To, action.Id);
        if (step.Snapshot?.Deadline is { } deadline && deadline.Id != snapshot.Deadline?.Id)
        {
            timerSignal?.DeadlineSet(deadline.DueAt);
        }

        try
        {
            // A failed send is logged and left to the outbox sweep: the action is durable already.
            await dispatcher.DispatchAsync(outbox, bus, bus, ct).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The caller gave up after the commit: the sweep sends it.
        }

        return new SagaActionResult(saga.Name, sagaId, action.Id, true, false, step.Result.From, step.Result.To, step.Snapshot!.Version + 1, step.Result.History, step.Result.Outgoing);
    }

    private ISagaRunner Find(string sagaType) =>
        catalog.Find(sagaType) ?? throw new SagaConfigurationException($"This host runs no saga named '{sagaType}' (it runs {string.Join(", ", catalog.All.Select(s => s.Name))}).");
}
