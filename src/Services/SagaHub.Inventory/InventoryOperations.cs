using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SagaHub.Contracts.Orders;

namespace SagaHub.Inventory;

/// <summary>
/// The inventory's rules on a context inside a transaction (a consumer's inbox transaction, or one of
/// <see cref="InventoryStore"/>'s). Nothing here calls <c>SaveChanges</c>: new rows are added to the
/// context, counts change through conditional <c>UPDATE</c>s that run at once in the transaction.
/// </summary>
internal static class InventoryOperations
{
    /// <summary>
    /// Reserves every line or none. Stock never goes below zero, also with concurrent reservations of
    /// one SKU: each SKU is taken with <c>UPDATE stock SET on_hand = on_hand - q WHERE sku = s AND
    /// on_hand &gt;= q</c>, and an update that changes no row means someone else took the units first;
    /// what this reservation took already is then given back in the same transaction (so the
    /// transaction commits nothing but the answer). SKUs are updated in a fixed order, so two
    /// reservations never wait for each other's rows in opposite orders.
    /// </summary>
    public static async Task<ReserveResult> ReserveAsync(InventoryDbContext db, Guid orderId, IReadOnlyList<OrderLine> lines, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        if (lines.Count == 0)
        {
            return ReserveResult.Unavailable(string.Empty, "the order has no lines");
        }

        var wanted = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.Quantity <= 0)
            {
                return ReserveResult.Unavailable(line.Sku, Invariant($"quantity must be positive, was {line.Quantity}"));
            }

            wanted[line.Sku] = checked(wanted.GetValueOrDefault(line.Sku) + line.Quantity);
        }

        var existing = await db.Reservations.AsNoTracking().FirstOrDefaultAsync(r => r.OrderId == orderId, cancellationToken).ConfigureAwait(false);
        if (existing is not null)
        {
            return existing.Status == ReservationStatus.Reserved
                ? ReserveResult.Done(ReserveOutcome.AlreadyReserved)
                : ReserveResult.Unavailable(string.Empty, "the order's reservation was already released");
        }

        var skus = wanted.Keys.ToList();
        var onHand = await db.Stock.AsNoTracking().Where(s => skus.Contains(s.Sku)).ToDictionaryAsync(s => s.Sku, s => s.OnHand, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        foreach (var (sku, quantity) in wanted)
        {
            if (!onHand.TryGetValue(sku, out var available))
            {
                return ReserveResult.Unavailable(sku, "unknown SKU");
            }

            if (available < quantity)
            {
                return ReserveResult.Unavailable(sku, Invariant($"{quantity} wanted, {available} on hand"));
            }
        }

        var taken = new List<KeyValuePair<string, int>>(wanted.Count);
        foreach (var (sku, quantity) in wanted.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            var updated = await db.Stock
                .Where(s => s.Sku == sku && s.OnHand >= quantity)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand - quantity), cancellationToken).ConfigureAwait(false);
            if (updated == 0)
            {
                await AddAsync(db, taken, cancellationToken).ConfigureAwait(false);
                var left = await db.Stock.AsNoTracking().Where(s => s.Sku == sku).Select(s => s.OnHand).FirstOrDefaultAsync(cancellationToken).ConfigureAwait(false);
                return ReserveResult.Unavailable(sku, Invariant($"{quantity} wanted, {left} on hand"));
            }

            taken.Add(new(sku, quantity));
        }

        db.Reservations.Add(new Reservation { OrderId = orderId, Lines = ToJson(wanted), Status = ReservationStatus.Reserved, ReservedAt = now });
        return ReserveResult.Done(ReserveOutcome.Reserved);
    }

    /// <summary>
    /// Puts back exactly what the order reserved, once: the reservation flips from Reserved to Released
    /// with a conditional update, and only the transaction that flipped it adds the units back. An
    /// order released before it reserved anything gets a Released row, so a late reservation is refused.
    /// </summary>
    /// <returns>Whether units were put back now.</returns>
    public static async Task<bool> ReleaseAsync(InventoryDbContext db, Guid orderId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var existing = await db.Reservations.AsNoTracking().FirstOrDefaultAsync(r => r.OrderId == orderId, cancellationToken).ConfigureAwait(false);
        if (existing is null)
        {
            db.Reservations.Add(new Reservation { OrderId = orderId, Lines = "{}", Status = ReservationStatus.Released, ReleasedAt = now });
            return false;
        }

        if (existing.Status == ReservationStatus.Released)
        {
            return false;
        }

        var flipped = await db.Reservations
            .Where(r => r.OrderId == orderId && r.Status == ReservationStatus.Reserved)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.Status, ReservationStatus.Released).SetProperty(r => r.ReleasedAt, now), cancellationToken).ConfigureAwait(false);
        if (flipped == 0)
        {
            return false; // a concurrent release put the units back
        }

        await AddAsync(db, FromJson(existing.Lines).OrderBy(p => p.Key, StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>Adds a refund's lines back on hand, once per refund; a SKU not stocked before is created.</summary>
    /// <returns>Whether the units were added now (false: this refund was restocked before).</returns>
    /// <exception cref="ArgumentException">A line's quantity is not positive.</exception>
    /// <exception cref="OverflowException">A count would pass <see cref="int.MaxValue"/>; nothing changes.</exception>
    public static async Task<bool> RestockAsync(InventoryDbContext db, Guid refundId, Guid orderId, IReadOnlyList<OrderLine> lines, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var adds = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (line.Quantity <= 0)
            {
                throw new ArgumentException(Invariant($"Refund {refundId}: the quantity of {line.Sku} must be positive, was {line.Quantity}."), nameof(lines));
            }

            adds[line.Sku] = checked(adds.GetValueOrDefault(line.Sku) + line.Quantity);
        }

        if (await db.Restocks.AsNoTracking().AnyAsync(r => r.RefundId == refundId, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        // Work out every new count first, so an overflow changes nothing (the database would refuse it too).
        var skus = adds.Keys.ToList();
        var current = await db.Stock.AsNoTracking().Where(s => skus.Contains(s.Sku)).ToDictionaryAsync(s => s.Sku, s => s.OnHand, StringComparer.Ordinal, cancellationToken).ConfigureAwait(false);
        foreach (var (sku, quantity) in adds)
        {
            _ = checked(current.GetValueOrDefault(sku) + quantity);
        }

        foreach (var (sku, quantity) in adds.Where(p => !current.ContainsKey(p.Key)))
        {
            db.Stock.Add(new StockItem { Sku = sku, OnHand = quantity });
        }

        await AddAsync(db, adds.Where(p => current.ContainsKey(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal), cancellationToken).ConfigureAwait(false);
        db.Restocks.Add(new RestockRecord { RefundId = refundId, OrderId = orderId, Lines = ToJson(adds), RestockedAt = now });
        return true;
    }

    /// <summary>Inserts the SKUs of <paramref name="stock"/> that are missing; existing counts are left alone.</summary>
    /// <returns>How many SKUs were added.</returns>
    public static async Task<int> SeedAsync(InventoryDbContext db, IReadOnlyDictionary<string, int> stock, CancellationToken cancellationToken)
    {
        var skus = stock.Keys.ToList();
        var present = await db.Stock.AsNoTracking().Where(s => skus.Contains(s.Sku)).Select(s => s.Sku).ToListAsync(cancellationToken).ConfigureAwait(false);
        var missing = stock.Where(p => !present.Contains(p.Key, StringComparer.Ordinal)).ToList();
        foreach (var (sku, quantity) in missing)
        {
            db.Stock.Add(new StockItem { Sku = sku, OnHand = quantity });
        }

        return missing.Count;
    }

    public static Dictionary<string, int> FromJson(string json) =>
        JsonSerializer.Deserialize<Dictionary<string, int>>(json) is { } lines
            ? new Dictionary<string, int>(lines, StringComparer.Ordinal)
            : new Dictionary<string, int>(StringComparer.Ordinal);

    private static async Task AddAsync(InventoryDbContext db, IEnumerable<KeyValuePair<string, int>> units, CancellationToken cancellationToken)
    {
        foreach (var (sku, quantity) in units)
        {
            await db.Stock.Where(s => s.Sku == sku)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.OnHand, x => x.OnHand + quantity), cancellationToken).ConfigureAwait(false);
        }
    }

    private static string ToJson(Dictionary<string, int> lines) =>
        JsonSerializer.Serialize(new SortedDictionary<string, int>(lines, StringComparer.Ordinal));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
