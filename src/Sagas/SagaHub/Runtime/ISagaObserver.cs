namespace SagaHub;

/// <summary>Told about every saga message after its write committed (for test harnesses, demos and audit feeds).</summary>
public interface ISagaObserver
{
    /// <summary>Called after a saga message's write committed (never for duplicates).</summary>
    /// <param name="sagaEvent">What happened.</param>
    void OnCommitted(SagaCommitted sagaEvent);
}

/// <summary>A committed saga message.</summary>
/// <param name="SagaType">The saga definition's name.</param>
/// <param name="SagaId">The instance.</param>
/// <param name="Result">What the message did.</param>
/// <param name="Snapshot">The saga as saved, or null when nothing but the inbox row was written.</param>
public sealed record SagaCommitted(string SagaType, Guid SagaId, FireResult Result, SagaSnapshot? Snapshot);
