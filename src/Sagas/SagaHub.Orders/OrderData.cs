using SagaHub.Contracts.Orders;

namespace SagaHub.Orders;

/// <summary>What an order saga remembers between messages (persisted as JSON).</summary>
public sealed class OrderData
{
    /// <summary>The customer.</summary>
    public string CustomerId { get; set; } = string.Empty;

    /// <summary>The ordered lines.</summary>
    public List<OrderLine> Lines { get; set; } = [];

    /// <summary>The sum of the lines.</summary>
    public decimal Total { get; set; }

    /// <summary>The carrier's tracking number once shipped.</summary>
    public string? TrackingNumber { get; set; }

    /// <summary>Why the order was rejected or cancelled.</summary>
    public string? Reason { get; set; }

    /// <summary>The <c>Idempotency-Key</c> the order was submitted with, or null for an order submitted without one.</summary>
    public string? IdempotencyKey { get; set; }

    /// <summary>
    /// With <see cref="IdempotencyKey"/>: the fingerprint (a hash of the canonical request) of the submission, which
    /// a later request with the same key must match; null otherwise.
    /// </summary>
    public string? RequestFingerprint { get; set; }

    /// <summary>The idempotency key of the charge (one per order, so a redelivered charge never charges twice).</summary>
    public static string ChargeKey(Guid orderId) => $"charge-{orderId:N}";

    /// <summary>The idempotency key of the refund that undoes the charge.</summary>
    public static string RefundKey(Guid orderId) => $"refund-{orderId:N}";

    /// <summary>Takes what the submission carries.</summary>
    /// <param name="submitted">The submission.</param>
    public void Accept(OrderSubmitted submitted)
    {
        ArgumentNullException.ThrowIfNull(submitted);
        CustomerId = submitted.CustomerId;
        Lines = [.. submitted.Lines];
        Total = submitted.Lines.Sum(l => l.LineTotal);
        IdempotencyKey = submitted.IdempotencyKey;
        RequestFingerprint = submitted.RequestFingerprint;
    }
}
