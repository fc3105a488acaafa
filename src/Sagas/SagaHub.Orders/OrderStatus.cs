namespace SagaHub.Orders;

/// <summary>The states of an order, in happy-path order, then compensation and final states.</summary>
public enum OrderStatus
{
    /// <summary>Waiting for the stock reservation.</summary>
    Reserving,

    /// <summary>Waiting for the payment.</summary>
    Charging,

    /// <summary>Waiting for the carrier.</summary>
    Shipping,

    /// <summary>Undoing completed steps, newest first.</summary>
    Compensating,

    /// <summary>Reserved, charged and shipped.</summary>
    Completed,

    /// <summary>Turned down before anything had to be undone (out of stock).</summary>
    Rejected,

    /// <summary>Stopped after every completed step was undone.</summary>
    Cancelled,

    /// <summary>A compensation failed: an operator must act (the remaining undo steps are kept).</summary>
    NeedsAttention,
}
