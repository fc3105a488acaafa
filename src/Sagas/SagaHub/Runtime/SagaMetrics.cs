using System.Diagnostics.Metrics;

namespace SagaHub;

/// <summary>SagaHub's metrics, on the <c>SagaHub</c> meter (System.Diagnostics.Metrics, OpenTelemetry-ready).</summary>
public sealed class SagaMetrics : IDisposable
{
    /// <summary>The meter name to subscribe to.</summary>
    public const string MeterName = "SagaHub";

    private readonly Meter meter;

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The host's meter factory, or null for a private meter.</param>
    public SagaMetrics(IMeterFactory? meterFactory = null)
    {
        meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Started = meter.CreateCounter<long>("sagahub.sagas.started", description: "Saga instances created");
        Finished = meter.CreateCounter<long>("sagahub.sagas.finished", description: "Saga instances that reached a final state (tag: state)");
        Transitions = meter.CreateCounter<long>("sagahub.transitions", description: "Applied transitions");
        Rejected = meter.CreateCounter<long>("sagahub.messages.rejected", description: "Messages not permitted in the state or failing every guard");
        Ignored = meter.CreateCounter<long>("sagahub.messages.ignored", description: "Messages ignored by declaration");
        Duplicates = meter.CreateCounter<long>("sagahub.inbox.duplicates", description: "Redelivered messages skipped by the inbox");
        NotFound = meter.CreateCounter<long>("sagahub.messages.not_found", description: "Messages for a saga that does not exist (sent to the error queue)");
        Conflicts = meter.CreateCounter<long>("sagahub.concurrency.conflicts", description: "Optimistic concurrency conflicts (the message is re-run)");
        CompensationsIssued = meter.CreateCounter<long>("sagahub.compensations.issued", description: "Undo commands sent");
        HandlerDuration = meter.CreateHistogram<double>("sagahub.message.duration", unit: "ms", description: "Time to handle one saga message, load to commit");
        OutboxParked = meter.CreateCounter<long>("sagahub.outbox.parked", description: "Outbox rows set aside because they cannot be sent (their message type does not load; tag: outbox)");
        StepAttempts = meter.CreateCounter<long>("sagahub.step.attempts", description: "Attempts of steps with a retry policy (tags: saga, state, outcome: failed, retried, exhausted)");
        ManualRepairs = meter.CreateCounter<long>("sagahub.operator.actions", description: "Operator actions applied (tags: saga, action)");
        Gauges = new SagaGauges();
        meter.CreateObservableGauge("sagahub.sagas.instances", Gauges.Instances, description: "Saga instances by saga, state and kind (active, parked, final), as last read from the store");
        meter.CreateObservableGauge("sagahub.sagas.parked", Gauges.Parked, description: "Sagas in a parked state, waiting for an operator (tag: saga)");
        meter.CreateObservableGauge("sagahub.sagas.overdue", Gauges.Overdue, description: "Sagas not final whose deadline is past (tag: saga)");
        meter.CreateObservableGauge("sagahub.timer.oldest_overdue_age", Gauges.OldestOverdueAge, unit: "s", description: "How long the oldest past-due deadline has been due (tag: saga)");
        meter.CreateObservableGauge("sagahub.outbox.backlog", Gauges.OutboxBacklog, description: "Undispatched saga outbox rows (counted up to 10,000)");
        meter.CreateObservableGauge("sagahub.outbox.oldest_age", Gauges.OutboxOldestAge, unit: "s", description: "Age of the oldest undispatched saga outbox row");
        TimerLag = meter.CreateHistogram<double>("sagahub.timer.lag", unit: "ms", description: "Deadline due time to its handling");
    }

    internal Counter<long> Started { get; }

    internal Counter<long> Finished { get; }

    internal Counter<long> Transitions { get; }

    internal Counter<long> Rejected { get; }

    internal Counter<long> Ignored { get; }

    internal Counter<long> Duplicates { get; }

    internal Counter<long> NotFound { get; }

    internal Counter<long> Conflicts { get; }

    internal Counter<long> CompensationsIssued { get; }

    internal Histogram<double> HandlerDuration { get; }

    internal Histogram<double> TimerLag { get; }

    internal Counter<long> OutboxParked { get; }

    internal Counter<long> ManualRepairs { get; }

    internal Counter<long> StepAttempts { get; }

    internal SagaGauges Gauges { get; }

    /// <summary>Counts one outbox row set aside because it cannot be sent (<c>sagahub.outbox.parked</c>), for the stores and sweeps outside this package.</summary>
    /// <param name="outbox">Which outbox: its table, or the service context's name (the <c>outbox</c> tag).</param>
    public void OutboxRowParked(string outbox) => OutboxParked.Add(1, new KeyValuePair<string, object?>("outbox", outbox));

    /// <summary>The <c>outcome</c> tag of <c>sagahub.step.attempts</c> a history row counts as, or null.</summary>
    internal static string? AttemptOutcome(SagaHistoryKind kind) => kind switch
    {
        SagaHistoryKind.AttemptFailed => "failed",
        SagaHistoryKind.AttemptStarted => "retried",
        SagaHistoryKind.AttemptsExhausted => "exhausted",
        _ => null,
    };

    /// <inheritdoc />
    public void Dispose() => meter.Dispose();
}
