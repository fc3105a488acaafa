namespace SagaHub.Benchmarks.Peers;

/// <summary>The values of the hand-rolled status column, named like SagaHub's <c>OrderStatus</c>.</summary>
public static class HandRolledStatus
{
    /// <summary>Waiting for inventory.</summary>
    public const string Reserving = "Reserving";

    /// <summary>Waiting for payments.</summary>
    public const string Charging = "Charging";

    /// <summary>Waiting for shipping.</summary>
    public const string Shipping = "Shipping";

    /// <summary>Reserved, charged, shipped.</summary>
    public const string Completed = "Completed";

    /// <summary>Out of stock.</summary>
    public const string Rejected = "Rejected";

    /// <summary>Declined or not shipped; undo commands sent.</summary>
    public const string Cancelled = "Cancelled";
}
