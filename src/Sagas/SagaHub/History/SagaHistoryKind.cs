namespace SagaHub;

/// <summary>What a history row records.</summary>
public enum SagaHistoryKind
{
    /// <summary>The saga moved from one state to another (or re-entered its state).</summary>
    Transition,

    /// <summary>A trigger ran its actions without leaving the state.</summary>
    Stayed,

    /// <summary>The message was not permitted in the state, or every guard failed. Nothing changed.</summary>
    Rejected,

    /// <summary>The state ignores this message by declaration. Nothing changed.</summary>
    Ignored,

    /// <summary>One awaited message of a join arrived.</summary>
    JoinArrival,

    /// <summary>A compensation command was issued (undo of an earlier step).</summary>
    CompensationIssued,

    /// <summary>A compensation was confirmed done.</summary>
    Compensated,

    /// <summary>A human task was created.</summary>
    TaskCreated,

    /// <summary>A human task was past due and escalated to its escalation target.</summary>
    TaskEscalated,

    /// <summary>An operator acted on the saga (resume, move, cancel, fire or reschedule its deadline): who, why and what was sent.</summary>
    OperatorAction,

    /// <summary>An attempt of a step with a <c>Retry</c> policy failed (a retryable answer, or its timeout); another follows after the backoff.</summary>
    AttemptFailed,

    /// <summary>A step's next attempt started: its state's entry actions ran again.</summary>
    AttemptStarted,

    /// <summary>A step's last attempt failed: the failing answer's own transition, or <c>OnRetriesExhausted()</c>, applies.</summary>
    AttemptsExhausted,
}
