namespace SagaHub;

/// <summary>Which deadline a saga is waiting for.</summary>
public enum SagaDeadlineKind
{
    /// <summary>The state's own timeout.</summary>
    Timeout,

    /// <summary>A human task's due time: escalate it.</summary>
    TaskEscalation,

    /// <summary>A human task's final expiry.</summary>
    TaskExpiry,

    /// <summary>A step's attempt waited its <c>AttemptTimeout</c> without an answer: the attempt failed.</summary>
    RetryAttempt,

    /// <summary>A step's backoff is over: send the next attempt.</summary>
    RetryBackoff,
}
