namespace SagaHub.Orders;

/// <summary>The states of a refund request.</summary>
public enum RefundStatus
{
    /// <summary>Above the auto-approve limit: a person must decide.</summary>
    AwaitingApproval,

    /// <summary>Paying back and restocking, in parallel (a join).</summary>
    Refunding,

    /// <summary>Paid back and restocked.</summary>
    Refunded,

    /// <summary>Turned down by a person, or not decided in time.</summary>
    Rejected,

    /// <summary>The payment or restock failed: an operator must act.</summary>
    NeedsAttention,
}
