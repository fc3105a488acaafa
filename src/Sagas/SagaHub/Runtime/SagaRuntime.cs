using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Logging;

namespace SagaHub;

/// <summary>
/// The per-message pipeline of one saga, in one store session (<see cref="ISagaUnitOfWorkStore.BeginAsync"/>): inbox
/// check and load, fire, one commit, then dispatch.
/// </summary>
/// <remarks>
/// A conflict throws <see cref="SagaConcurrencyException"/>, and MassTransit's retry re-runs the message from a fresh read.
/// </remarks>
internal sealed class SagaRuntime(
    ISagaRunner saga,
    ISagaUnitOfWorkStore store,
    OutboxDispatcher dispatcher,
    TimeProvider time,
    SagaMetrics metrics,
    IEnumerable<ISagaObserver> observers,
    ILogger<SagaRuntime> logger,
    SagaTimerSignal? timerSignal = null)
{
    private readonly ISagaObserver[] observers = [.. observers];

    public ISagaRunner Saga => saga;

    public Task HandleAsync<TMessage>(ConsumeContext<TMessage> context)
        where TMessage : class => HandleAsync(context, typeof(TMessage), context.Message);

    /// <summary>Handles <paramref name="message"/>, of the type the saga declares, that arrived in <paramref name="context"/> (for a mapped message, such as a fault, not the context's own).</summary>
    public async Task HandleAsync(ConsumeContext context, Type type, object message)
    {
        var started = Stopwatch.GetTimestamp();
        var messageId = context.MessageId ?? throw new SagaCorrelationException(saga.Name, type.Name + " (no MessageId)");
        var sagaId = saga.Correlate(type, message);
        if (sagaId == Guid.Empty)
        {
            Log.NoCorrelation(logger, saga.Name, messageId, type.Name);
            throw new SagaCorrelationException(saga.Name, type.Name);
        }

        if (message is SagaTimeoutElapsed foreign && foreign.SagaType != saga.Name)
        {
            throw new SagaExecutionException($"Timer message for saga '{foreign.SagaType}' reached the endpoint of '{saga.Name}'.");
        }

        var ct = context.CancellationToken;
        SagaSnapshot? snapshot;
        SagaStep step;
        List<OutboxEntry> outbox;
        var session = await store.BeginAsync(saga.Name, sagaId, saga.Name, messageId, ct).ConfigureAwait(false);
        await using (session.ConfigureAwait(false))
        {
            if (session.AlreadyProcessed)
            {
                Duplicate(sagaId, messageId, type);
                return;
            }

            snapshot = session.Snapshot;
            if (snapshot is null && !saga.CanStart(type))
            {
                metrics.NotFound.Add(1, new KeyValuePair<string, object?>("saga", saga.Name));
                Log.NotFound(logger, saga.Name, sagaId, type.Name, messageId);
                throw new SagaNotFoundException(saga.Name, sagaId, type.Name);
            }

            var now = time.GetUtcNow();
            step = saga.Fire(snapshot, sagaId, type, message, messageId, now);
            // One microsecond apart (PostgreSQL's precision): the sweep re-sends a step's messages in their order.
            outbox = step.Result.Outgoing.Select((m, i) => new OutboxEntry(saga.Name, sagaId, m, now.AddTicks(i * 10L))).ToList();
            try
            {
                // What the step did to the saga's task, so the store writes exactly the task rows that changed; the task
                // a decision is about is written even unchanged when the saga still waits (the decision closed its row).
                var tasks = step.Snapshot is { } after ? HumanTaskChange.Between(snapshot, after, (message as HumanTaskCompleted)?.TaskId) : [];
                await session.CommitAsync(new SagaCommit(saga.Name, messageId, step.Snapshot, snapshot?.Version ?? 0, step.Snapshot is null ? [] : step.Result.History, outbox) { TaskChanges = tasks }, ct).ConfigureAwait(false);
            }
            catch (DuplicateMessageException)
            {
                Duplicate(sagaId, messageId, type);
                return;
            }
            catch (SagaConcurrencyException)
            {
                metrics.Conflicts.Add(1, new KeyValuePair<string, object?>("saga", saga.Name));
                Log.Conflict(logger, saga.Name, sagaId, type.Name, messageId);
                throw;
            }
        }

        // The session is over (its connection returned) before anything goes to the bus.
        var result = step.Result;
        Record(sagaId, messageId, snapshot is null, step, message);
        if (step.Snapshot?.Deadline is { } deadline && deadline.Id != snapshot?.Deadline?.Id)
        {
            timerSignal?.DeadlineSet(deadline.DueAt);
        }

        foreach (var observer in observers)
        {
            observer.OnCommitted(new SagaCommitted(saga.Name, sagaId, result, step.Snapshot) { MessageType = type });
        }

        await dispatcher.DispatchAsync(outbox, context, context, ct).ConfigureAwait(false);
        metrics.HandlerDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("saga", saga.Name));
    }

    private void Duplicate(Guid sagaId, Guid messageId, Type type)
    {
        metrics.Duplicates.Add(1, new KeyValuePair<string, object?>("saga", saga.Name));
        Log.Duplicate(logger, saga.Name, messageId, type.Name);
        foreach (var observer in observers)
        {
            observer.OnDuplicate(new SagaDuplicateSkipped(saga.Name, sagaId, messageId, type));
        }
    }

    private void Record(Guid sagaId, Guid messageId, bool created, SagaStep step, object message)
    {
        var result = step.Result;
        var tag = new KeyValuePair<string, object?>("saga", saga.Name);
        if (message is SagaTimeoutElapsed elapsed && result.Outcome != FireOutcome.Stale)
        {
            metrics.TimerLag.Record((time.GetUtcNow() - elapsed.DueAt).TotalMilliseconds, tag);
        }

        switch (result.Outcome)
        {
            case FireOutcome.Rejected when created:
                metrics.Rejected.Add(1, tag);
                Log.StartRejected(logger, saga.Name, sagaId, message.GetType().Name, result.Reason!, messageId);
                return;
            case FireOutcome.Rejected:
                metrics.Rejected.Add(1, tag);
                Log.Rejected(logger, saga.Name, sagaId, result.From, result.History[^1].Trigger, result.Reason!, messageId);
                return;
            case FireOutcome.Ignored:
                metrics.Ignored.Add(1, tag);
                Log.Ignored(logger, saga.Name, sagaId, result.From, result.History[^1].Trigger, messageId);
                return;
            case FireOutcome.Stale:
                Log.Stale(logger, saga.Name, sagaId, message.GetType().Name, result.Reason!);
                return;
        }

        if (created)
        {
            metrics.Started.Add(1, tag);
        }

        foreach (var entry in result.History)
        {
            if (entry.Kind == SagaHistoryKind.Transition)
            {
                metrics.Transitions.Add(1, tag);
                Log.Transitioned(logger, saga.Name, sagaId, entry.From, entry.To, entry.Trigger, messageId);
            }
            else if (entry.Kind == SagaHistoryKind.CompensationIssued)
            {
                metrics.CompensationsIssued.Add(1, tag);
            }
            else if (SagaMetrics.AttemptOutcome(entry.Kind) is { } outcome)
            {
                metrics.StepAttempts.Add(1, tag, new KeyValuePair<string, object?>("state", entry.From), new KeyValuePair<string, object?>("outcome", outcome));
                Log.StepAttempt(logger, saga.Name, sagaId, entry.From, entry.Detail ?? outcome, messageId);
            }
        }

        if (step.Snapshot is { IsFinal: true } && result.Moved)
        {
            metrics.Finished.Add(1, tag, new KeyValuePair<string, object?>("state", step.Snapshot.State));
        }
    }
}
