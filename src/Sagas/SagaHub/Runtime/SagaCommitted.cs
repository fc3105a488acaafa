namespace SagaHub;

/// <summary>A committed saga message.</summary>
/// <param name="SagaType">The saga definition's name.</param>
/// <param name="SagaId">The instance.</param>
/// <param name="Result">What the message did.</param>
/// <param name="Snapshot">The saga as saved, or null when nothing but the inbox row was written.</param>
public sealed record SagaCommitted(string SagaType, Guid SagaId, FireResult Result, SagaSnapshot? Snapshot)
{
    /// <summary>The handled message's type (<see cref="SagaTimeoutElapsed"/> for a timer); null when the runtime did not say.</summary>
    public Type? MessageType { get; init; }
}
