using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Refunds;

namespace SagaHub.Orders;

/// <summary>What a refund saga remembers between messages (persisted as JSON).</summary>
public sealed class RefundData
{
    /// <summary>The order refunded.</summary>
    public Guid OrderId { get; set; }

    /// <summary>The customer.</summary>
    public string CustomerId { get; set; } = string.Empty;

    /// <summary>How much to pay back.</summary>
    public decimal Amount { get; set; }

    /// <summary>The lines the customer returns, restocked once the payback succeeded (empty: nothing to restock).</summary>
    public List<OrderLine> ReturnedLines { get; set; } = [];

    /// <summary>Why the customer asked.</summary>
    public string? RequestReason { get; set; }

    /// <summary>Who approved it, or <c>auto</c>.</summary>
    public string? ApprovedBy { get; set; }

    /// <summary>Why it was rejected.</summary>
    public string? Reason { get; set; }

    /// <summary>The idempotency key of the payback (one per refund).</summary>
    public static string PaybackKey(Guid refundId) => $"payback-{refundId:N}";

    /// <summary>Takes what the request carries.</summary>
    /// <param name="requested">The request.</param>
    public void Accept(RefundRequested requested)
    {
        ArgumentNullException.ThrowIfNull(requested);
        OrderId = requested.OrderId;
        CustomerId = requested.CustomerId;
        Amount = requested.Amount;
        ReturnedLines = [.. requested.ReturnedLines];
        RequestReason = requested.Reason;
    }
}
