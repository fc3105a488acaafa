namespace SagaHub.Payments;

/// <summary>Whether a ledger entry took money (a charge) or gave it back (a refund).</summary>
public enum LedgerEntryKind
{
    /// <summary>Money taken from the customer.</summary>
    Charge,

    /// <summary>Money given back to the customer.</summary>
    Refund,
}

/// <summary>One movement of money in the <see cref="PaymentLedger"/>.</summary>
/// <param name="Kind">Charge or refund.</param>
/// <param name="OrderId">The order the money is for.</param>
/// <param name="RefundId">The refund request, for a refund issued for one; otherwise <see langword="null"/>.</param>
/// <param name="Amount">The amount, always positive.</param>
/// <param name="IdempotencyKey">The sender's key; unique in the ledger.</param>
/// <param name="RecordedAt">When the entry was recorded.</param>
public sealed record LedgerEntry(
    LedgerEntryKind Kind,
    Guid OrderId,
    Guid? RefundId,
    decimal Amount,
    string IdempotencyKey,
    DateTimeOffset RecordedAt);
