using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Payments;

/// <summary>
/// Charges and refunds in the payments' own database (<see cref="PaymentsDbContext"/>), with a unique
/// idempotency key per entry: recording the same entry twice returns the first one and adds nothing,
/// also when two callers race (the key's unique index refuses the second row, and the second caller
/// gets the first one's entry). A refund never takes an order's net (charges minus refunds) below
/// zero. The consumers apply the same rules inside their inbox transactions; this class runs them in
/// a transaction of its own (for tests, tools and seeding an earlier charge), and answers queries.
/// </summary>
/// <param name="scopes">Creates a scope (and a context) per call.</param>
/// <param name="time">The clock that stamps entries.</param>
public sealed class PaymentLedger(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Every entry, oldest first.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The entries.</returns>
    public Task<IReadOnlyList<LedgerEntry>> EntriesAsync(CancellationToken cancellationToken = default) =>
        scopes.ReadAsync<PaymentsDbContext, IReadOnlyList<LedgerEntry>>(
            async db => [.. (await db.Ledger.AsNoTracking().OrderBy(e => e.Id).ToListAsync(cancellationToken).ConfigureAwait(false)).Select(LedgerOperations.ToEntry)],
            cancellationToken);

    /// <summary>What the order's charges minus its refunds come to.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The net amount.</returns>
    public Task<decimal> NetForAsync(Guid orderId, CancellationToken cancellationToken = default) =>
        scopes.ReadAsync<PaymentsDbContext, decimal>(db => LedgerOperations.NetForAsync(db, orderId, cancellationToken), cancellationToken);

    /// <summary>How many entries hold <paramref name="idempotencyKey"/>: 0 or 1.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The count.</returns>
    public Task<int> CountForAsync(string idempotencyKey, CancellationToken cancellationToken = default) =>
        scopes.ReadAsync<PaymentsDbContext, int>(db => db.Ledger.CountAsync(e => e.IdempotencyKey == idempotencyKey, cancellationToken), cancellationToken);

    /// <summary>The entry recorded under <paramref name="idempotencyKey"/>, or <see langword="null"/>.</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The entry or null.</returns>
    public Task<LedgerEntry?> FindAsync(string idempotencyKey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(idempotencyKey);
        return scopes.ReadAsync<PaymentsDbContext, LedgerEntry?>(db => LedgerOperations.FindAsync(db, idempotencyKey, cancellationToken), cancellationToken);
    }

    /// <summary>Whether the order's charge was undone by a compensation (a later charge is declined).</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>True when voided.</returns>
    public Task<bool> IsVoidedAsync(Guid orderId, CancellationToken cancellationToken = default) =>
        scopes.ReadAsync<PaymentsDbContext, bool>(db => LedgerOperations.IsVoidedAsync(db, orderId, cancellationToken), cancellationToken);

    /// <summary>Records a charge, or returns the charge already recorded under the key.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="amount">The amount: positive, at most two decimals.</param>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry, and whether it was added now.</returns>
    /// <exception cref="LedgerConflictException">The key belongs to a different entry, or the order was voided.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not positive or has more than two decimals.</exception>
    public Task<(LedgerEntry Entry, bool Added)> ChargeAsync(Guid orderId, decimal amount, string idempotencyKey, CancellationToken cancellationToken = default) =>
        RecordAsync(LedgerEntryKind.Charge, orderId, refundId: null, amount, idempotencyKey, cancellationToken);

    /// <summary>
    /// Records a refund, or returns the refund already recorded under the key. <paramref name="refundId"/>
    /// names the refund request it pays, if any.
    /// </summary>
    /// <param name="orderId">The order.</param>
    /// <param name="refundId">The refund request, or null.</param>
    /// <param name="amount">The amount: positive, at most two decimals.</param>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The entry, and whether it was added now.</returns>
    /// <exception cref="LedgerConflictException">The key belongs to a different entry, or the refund is more than the order's net.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The amount is not positive or has more than two decimals.</exception>
    public Task<(LedgerEntry Entry, bool Added)> RefundAsync(Guid orderId, Guid? refundId, decimal amount, string idempotencyKey, CancellationToken cancellationToken = default) =>
        RecordAsync(LedgerEntryKind.Refund, orderId, refundId, amount, idempotencyKey, cancellationToken);

    /// <summary>
    /// Undoes an order's charge (a saga compensation): refunds what is left of its charges, at most
    /// <paramref name="amount"/>, and voids the order so a charge that arrives later is declined. Safe
    /// when nothing was charged (an in-doubt charge after a timeout): it refunds 0. Idempotent by key.
    /// </summary>
    /// <param name="orderId">The order.</param>
    /// <param name="amount">The most to give back.</param>
    /// <param name="idempotencyKey">The key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The amount given back.</returns>
    public Task<decimal> CompensateChargeAsync(Guid orderId, decimal amount, string idempotencyKey, CancellationToken cancellationToken = default) =>
        scopes.WriteAsync<PaymentsDbContext, decimal>(db => LedgerOperations.CompensateChargeAsync(db, orderId, amount, idempotencyKey, time.GetUtcNow(), cancellationToken), cancellationToken);

    private async Task<(LedgerEntry Entry, bool Added)> RecordAsync(LedgerEntryKind kind, Guid orderId, Guid? refundId, decimal amount, string idempotencyKey, CancellationToken cancellationToken)
    {
        try
        {
            return await scopes.WriteAsync<PaymentsDbContext, (LedgerEntry, bool)>(
                db => LedgerOperations.RecordAsync(db, kind, orderId, refundId, amount, idempotencyKey, time.GetUtcNow(), cancellationToken),
                cancellationToken).ConfigureAwait(false);
        }
        catch (DbUpdateException ex) when (ServiceDatabaseAccess.IsUniqueViolation(ex))
        {
            // Someone recorded the key between the look-up and the insert (under another order's lock):
            // the unique index kept it to one row. That row is the answer, if it is the same entry.
            var existing = await FindAsync(idempotencyKey, cancellationToken).ConfigureAwait(false);
            if (existing is null)
            {
                throw;
            }

            return (LedgerOperations.Same(existing, kind, orderId, refundId, amount), false);
        }
    }
}
