using System.Globalization;

namespace SagaHub.Payments;

/// <summary>
/// Charges and refunds, in memory and thread-safe, with a unique idempotency key per entry: recording
/// the same entry twice returns the first one and adds nothing. A refund never takes an order's net
/// (charges minus refunds) below zero.
/// </summary>
/// <param name="time">The clock that stamps entries.</param>
public sealed class PaymentLedger(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly List<LedgerEntry> _entries = [];
    private readonly Dictionary<string, LedgerEntry> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<string, decimal> _compensations = new(StringComparer.Ordinal);
    private readonly HashSet<Guid> _voided = [];

    /// <summary>Every entry, oldest first (a snapshot).</summary>
    public IReadOnlyList<LedgerEntry> Entries
    {
        get
        {
            lock (_gate)
            {
                return [.. _entries];
            }
        }
    }

    /// <summary>What the order's charges minus its refunds come to.</summary>
    public decimal NetFor(Guid orderId)
    {
        lock (_gate)
        {
            return NetForLocked(orderId);
        }
    }

    /// <summary>How many entries hold <paramref name="idempotencyKey"/>: 0 or 1.</summary>
    public int CountFor(string idempotencyKey)
    {
        lock (_gate)
        {
            return _entries.Count(entry => entry.IdempotencyKey == idempotencyKey);
        }
    }

    /// <summary>The entry recorded under <paramref name="idempotencyKey"/>, or <see langword="null"/>.</summary>
    public LedgerEntry? Find(string idempotencyKey)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        lock (_gate)
        {
            return _byKey.GetValueOrDefault(idempotencyKey);
        }
    }

    /// <summary>Records a charge, or returns the charge already recorded under the key.</summary>
    /// <returns>The entry, and whether it was added now.</returns>
    /// <exception cref="LedgerConflictException">The key belongs to a different entry.</exception>
    public (LedgerEntry Entry, bool Added) Charge(Guid orderId, decimal amount, string idempotencyKey) =>
        Record(LedgerEntryKind.Charge, orderId, refundId: null, amount, idempotencyKey);

    /// <summary>
    /// Records a refund, or returns the refund already recorded under the key. <paramref name="refundId"/>
    /// names the refund request it pays, if any.
    /// </summary>
    /// <returns>The entry, and whether it was added now.</returns>
    /// <exception cref="LedgerConflictException">
    /// The key belongs to a different entry, or the refund is more than the order's net.
    /// </exception>
    public (LedgerEntry Entry, bool Added) Refund(Guid orderId, Guid? refundId, decimal amount, string idempotencyKey) =>
        Record(LedgerEntryKind.Refund, orderId, refundId, amount, idempotencyKey);

    /// <summary>
    /// Undoes an order's charge (a saga compensation): refunds what is left of its charges, at most
    /// <paramref name="amount"/>, and voids the order so a charge that arrives later is declined. Safe
    /// when nothing was charged (an in-doubt charge after a timeout): it refunds 0. Idempotent by key.
    /// </summary>
    /// <returns>The amount given back.</returns>
    public decimal CompensateCharge(Guid orderId, decimal amount, string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        lock (_gate)
        {
            if (_compensations.TryGetValue(idempotencyKey, out var done))
            {
                return done;
            }

            _voided.Add(orderId);
            var refund = Math.Min(Math.Max(amount, 0), NetForLocked(orderId));
            if (refund > 0)
            {
                var entry = new LedgerEntry(LedgerEntryKind.Refund, orderId, null, refund, idempotencyKey, time.GetUtcNow());
                _entries.Add(entry);
                _byKey.Add(idempotencyKey, entry);
            }

            _compensations.Add(idempotencyKey, refund);
            return refund;
        }
    }

    /// <summary>Whether the order's charge was undone by a compensation (a later charge is declined).</summary>
    public bool IsVoided(Guid orderId)
    {
        lock (_gate)
        {
            return _voided.Contains(orderId);
        }
    }

    private (LedgerEntry Entry, bool Added) Record(LedgerEntryKind kind, Guid orderId, Guid? refundId, decimal amount, string idempotencyKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(amount);
        lock (_gate)
        {
            if (_byKey.TryGetValue(idempotencyKey, out var existing))
            {
                if (existing.Kind != kind || existing.OrderId != orderId || existing.RefundId != refundId || existing.Amount != amount)
                {
                    throw new LedgerConflictException(Invariant(
                        $"Idempotency key '{idempotencyKey}' was used for a {existing.Kind} of {existing.Amount} for order {existing.OrderId}; it cannot also name a {kind} of {amount} for order {orderId}."));
                }

                return (existing, false);
            }

            if (kind == LedgerEntryKind.Charge && _voided.Contains(orderId))
            {
                throw new LedgerConflictException(Invariant($"Order {orderId} was cancelled (its charge compensated); it cannot be charged (key '{idempotencyKey}')."));
            }

            if (kind == LedgerEntryKind.Refund)
            {
                var net = NetForLocked(orderId);
                if (amount > net)
                {
                    throw new LedgerConflictException(Invariant(
                        $"A refund of {amount} for order {orderId} is more than the {net} left of its charges (key '{idempotencyKey}')."));
                }
            }

            var entry = new LedgerEntry(kind, orderId, refundId, amount, idempotencyKey, time.GetUtcNow());
            _entries.Add(entry);
            _byKey.Add(idempotencyKey, entry);
            return (entry, true);
        }
    }

    private decimal NetForLocked(Guid orderId) =>
        _entries.Where(entry => entry.OrderId == orderId)
            .Sum(entry => entry.Kind == LedgerEntryKind.Charge ? entry.Amount : -entry.Amount);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
