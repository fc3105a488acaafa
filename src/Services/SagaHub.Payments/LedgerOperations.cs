using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Payments;

/// <summary>
/// The ledger's rules on a context inside a transaction (a consumer's inbox transaction, or one of
/// <see cref="PaymentLedger"/>'s). Every change to an order's money first takes that order's lock
/// (a PostgreSQL advisory lock; SQLite's write lock is held already), so the checks (key used? order
/// voided? refund within the net?) and the insert are never interleaved with another writer of the
/// same order. The <c>idempotency_key</c> unique index is the last word: whatever path a second
/// entry with a used key takes, it cannot become a second row.
/// </summary>
internal static class LedgerOperations
{
    /// <summary>The largest amount <c>numeric(18,2)</c> holds.</summary>
    private const decimal MaxAmount = 9_999_999_999_999_999.99m;

    public static Task LockOrderAsync(PaymentsDbContext db, Guid orderId, CancellationToken cancellationToken) =>
        ServiceLocks.LockAsync(db, "payments-order:" + orderId.ToString("N", CultureInfo.InvariantCulture), cancellationToken);

    public static async Task<LedgerEntry?> FindAsync(PaymentsDbContext db, string idempotencyKey, CancellationToken cancellationToken)
    {
        var row = await db.Ledger.AsNoTracking().FirstOrDefaultAsync(e => e.IdempotencyKey == idempotencyKey, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToEntry(row);
    }

    public static Task<bool> IsVoidedAsync(PaymentsDbContext db, Guid orderId, CancellationToken cancellationToken) =>
        db.VoidedOrders.AsNoTracking().AnyAsync(v => v.OrderId == orderId, cancellationToken);

    public static async Task<decimal> NetForAsync(PaymentsDbContext db, Guid orderId, CancellationToken cancellationToken)
    {
        // Summed here, not in SQL: SQLite keeps decimals as text.
        var rows = await db.Ledger.AsNoTracking().Where(e => e.OrderId == orderId).Select(e => new { e.Kind, e.Amount }).ToListAsync(cancellationToken).ConfigureAwait(false);
        return rows.Sum(e => e.Kind == LedgerEntryKind.Charge ? e.Amount : -e.Amount);
    }

    /// <summary>The problem with an amount the ledger cannot hold exactly, or null.</summary>
    public static string? AmountProblem(decimal amount) =>
        amount <= 0 ? Invariant($"the amount must be positive, was {amount}")
        : decimal.Round(amount, 2) != amount ? Invariant($"the amount must have at most 2 decimals, was {amount}")
        : amount > MaxAmount ? Invariant($"the amount must be at most {MaxAmount}, was {amount}")
        : null;

    /// <summary>Records an entry, or returns the one already recorded under the key.</summary>
    /// <exception cref="LedgerConflictException">The key belongs to a different entry; a charge for a voided order; a refund above the net.</exception>
    public static async Task<(LedgerEntry Entry, bool Added)> RecordAsync(
        PaymentsDbContext db,
        LedgerEntryKind kind,
        Guid orderId,
        Guid? refundId,
        decimal amount,
        string idempotencyKey,
        DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        if (AmountProblem(amount) is { } problem)
        {
            throw new ArgumentOutOfRangeException(nameof(amount), amount, problem);
        }

        await LockOrderAsync(db, orderId, cancellationToken).ConfigureAwait(false);
        if (await FindAsync(db, idempotencyKey, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return (Same(existing, kind, orderId, refundId, amount), false);
        }

        if (kind == LedgerEntryKind.Charge && await IsVoidedAsync(db, orderId, cancellationToken).ConfigureAwait(false))
        {
            throw new LedgerConflictException(Invariant($"Order {orderId} was cancelled (its charge compensated); it cannot be charged (key '{idempotencyKey}')."));
        }

        if (kind == LedgerEntryKind.Refund)
        {
            var net = await NetForAsync(db, orderId, cancellationToken).ConfigureAwait(false);
            if (amount > net)
            {
                throw new LedgerConflictException(Invariant(
                    $"A refund of {amount} for order {orderId} is more than the {net} left of its charges (key '{idempotencyKey}')."));
            }
        }

        var row = new LedgerRow { Kind = kind, OrderId = orderId, RefundId = refundId, Amount = amount, IdempotencyKey = idempotencyKey, RecordedAt = now };
        db.Ledger.Add(row);
        return (ToEntry(row), true);
    }

    /// <summary>
    /// Undoes an order's charge: refunds what is left of its charges, at most <paramref name="amount"/>,
    /// and voids the order. Idempotent by key: a refund recorded under the key is answered from the
    /// ledger; with none (nothing was left to give back) the answer is computed again, and is 0 again,
    /// since a voided order's net can only have gone down.
    /// </summary>
    /// <exception cref="LedgerConflictException">The key belongs to an entry that is not this order's compensation.</exception>
    public static async Task<decimal> CompensateChargeAsync(PaymentsDbContext db, Guid orderId, decimal amount, string idempotencyKey, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(idempotencyKey);
        await LockOrderAsync(db, orderId, cancellationToken).ConfigureAwait(false);
        if (await FindAsync(db, idempotencyKey, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            if (existing.Kind != LedgerEntryKind.Refund || existing.OrderId != orderId || existing.RefundId is not null)
            {
                throw new LedgerConflictException(Invariant(
                    $"Idempotency key '{idempotencyKey}' was used for a {existing.Kind} of {existing.Amount} for order {existing.OrderId}; it cannot also name the compensation of order {orderId}."));
            }

            return existing.Amount;
        }

        if (!await IsVoidedAsync(db, orderId, cancellationToken).ConfigureAwait(false))
        {
            db.VoidedOrders.Add(new VoidedOrder { OrderId = orderId, VoidedAt = now });
        }

        var wanted = decimal.Round(Math.Max(amount, 0), 2, MidpointRounding.ToZero);
        var refund = Math.Min(wanted, await NetForAsync(db, orderId, cancellationToken).ConfigureAwait(false));
        if (refund > 0)
        {
            db.Ledger.Add(new LedgerRow { Kind = LedgerEntryKind.Refund, OrderId = orderId, RefundId = null, Amount = refund, IdempotencyKey = idempotencyKey, RecordedAt = now });
        }

        return refund;
    }

    /// <summary>The existing entry when it is the same entry; a conflict otherwise.</summary>
    /// <exception cref="LedgerConflictException">The key belongs to a different entry.</exception>
    public static LedgerEntry Same(LedgerEntry existing, LedgerEntryKind kind, Guid orderId, Guid? refundId, decimal amount)
    {
        if (existing.Kind != kind || existing.OrderId != orderId || existing.RefundId != refundId || existing.Amount != amount)
        {
            throw new LedgerConflictException(Invariant(
                $"Idempotency key '{existing.IdempotencyKey}' was used for a {existing.Kind} of {existing.Amount} for order {existing.OrderId}; it cannot also name a {kind} of {amount} for order {orderId}."));
        }

        return existing;
    }

    public static LedgerEntry ToEntry(LedgerRow row) => new(row.Kind, row.OrderId, row.RefundId, row.Amount, row.IdempotencyKey, row.RecordedAt);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
