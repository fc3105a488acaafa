namespace SagaHub;

/// <summary>Told about every saga message after its write committed (for test harnesses, demos and audit feeds).</summary>
public interface ISagaObserver
{
    /// <summary>Called after a saga message's write committed (never for duplicates).</summary>
    /// <param name="sagaEvent">What happened.</param>
    void OnCommitted(SagaCommitted sagaEvent);
}
