namespace SagaHub.Orders;

/// <summary>The states of a refund request.</summary>
public enum RefundStatus
{
    /// <summary>Above the auto-approve limit: a person must decide.</summary>
    AwaitingApproval,

    /// <summary>Paying back the customer.</summary>
    Refunding,

    /// <summary>Paid back; putting the returned lines back on hand.</summary>
    Restocking,

    /// <summary>Paid back, and the returned lines (if any) restocked.</summary>
    Refunded,

    /// <summary>Turned down by a person, or not decided in time.</summary>
    Rejected,

    /// <summary>The payback or restock failed or was not confirmed in time: an operator must act.</summary>
    NeedsAttention,
}
