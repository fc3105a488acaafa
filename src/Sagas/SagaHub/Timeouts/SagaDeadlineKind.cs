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
}
