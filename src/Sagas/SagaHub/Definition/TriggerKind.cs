namespace SagaHub;

/// <summary>What kind of trigger a transition answers.</summary>
internal enum TriggerKind
{
    Message,
    Timeout,
    TaskApproved,
    TaskRejected,
    TaskExpired,
    Join,
    RetriesExhausted,
}
