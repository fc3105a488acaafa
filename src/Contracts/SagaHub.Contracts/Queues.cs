namespace SagaHub.Contracts;

/// <summary>
/// The queue names of the demo services. Sagas send commands to <c>queue:{name}</c>; every consumer
/// of one service listens on its one queue.
/// </summary>
public static class Queues
{
    /// <summary>The inventory service: <c>ReserveStock</c>, <c>ReleaseStock</c>, <c>RestockItems</c>.</summary>
    public const string Inventory = "inventory";

    /// <summary>The payments service: <c>ChargePayment</c>, <c>RefundPayment</c>, <c>IssueRefund</c>.</summary>
    public const string Payments = "payments";

    /// <summary>The shipping service: <c>ShipOrder</c>.</summary>
    public const string Shipping = "shipping";

    /// <summary>The notifications service: <c>SendNotification</c>.</summary>
    public const string Notifications = "notifications";
}
