namespace SagaHub;

/// <summary>Told about every saga message after its write committed (for test harnesses, demos and audit feeds).</summary>
public interface ISagaObserver
{
    /// <summary>Called after a saga message's write committed (never for duplicates).</summary>
    /// <param name="sagaEvent">What happened.</param>
    void OnCommitted(SagaCommitted sagaEvent);

    /// <summary>Called when the inbox skipped a message the saga had already handled (a redelivery or a duplicate send); nothing was written.</summary>
    /// <param name="duplicate">Which saga and message.</param>
    void OnDuplicate(SagaDuplicateSkipped duplicate)
    {
    }
}
