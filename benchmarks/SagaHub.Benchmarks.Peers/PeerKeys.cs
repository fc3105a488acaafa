namespace SagaHub.Benchmarks.Peers;

/// <summary>
/// The idempotency keys the peers send to payments: the same strings as SagaHub's
/// <c>OrderData.ChargeKey</c> and <c>OrderData.RefundKey</c> (a test keeps them equal), written
/// here so that the peers carry no SagaHub code.
/// </summary>
public static class PeerKeys
{
    /// <summary>The key of an order's charge.</summary>
    /// <param name="orderId">The order.</param>
    /// <returns><c>charge-{orderId:N}</c>.</returns>
    public static string Charge(Guid orderId) => $"charge-{orderId:N}";

    /// <summary>The key of the refund that undoes an order's charge.</summary>
    /// <param name="orderId">The order.</param>
    /// <returns><c>refund-{orderId:N}</c>.</returns>
    public static string Refund(Guid orderId) => $"refund-{orderId:N}";
}
