namespace SagaHub;

/// <summary>What kind of trigger a transition of a saga answers.</summary>
public enum SagaTriggerKind
{
    /// <summary>A message (an event, a reply or a <c>Fault&lt;T&gt;</c>) of the transition's message type.</summary>
    Message,

    /// <summary>The state's timeout elapsed.</summary>
    Timeout,

    /// <summary>A person approved the state's human task.</summary>
    TaskApproved,

    /// <summary>A person rejected the state's human task.</summary>
    TaskRejected,

    /// <summary>Nobody decided the state's human task before its final expiry.</summary>
    TaskExpired,

    /// <summary>Every message of the state's join arrived.</summary>
    Join,

    /// <summary>The last attempt of the state's retry policy failed.</summary>
    RetriesExhausted,
}
