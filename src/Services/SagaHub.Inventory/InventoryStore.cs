using System.Globalization;
using Microsoft.Extensions.Options;
using SagaHub.Contracts.Orders;

namespace SagaHub.Inventory;

/// <summary>
/// Stock per SKU, in memory and thread-safe. Units are either on hand or reserved for one order;
/// no count ever goes below zero. Reservations are all or nothing, and every change is
/// idempotent per order (reserve, release) or per refund (restock).
/// </summary>
public sealed class InventoryStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, int> _onHand;
    private readonly Dictionary<Guid, Dictionary<string, int>> _reservations = [];
    private readonly HashSet<Guid> _released = [];
    private readonly HashSet<Guid> _restockedRefunds = [];

    /// <summary>Creates the store with <see cref="InventoryOptions.InitialStock"/> on hand.</summary>
    /// <param name="options">The service settings.</param>
    public InventoryStore(IOptions<InventoryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _onHand = new Dictionary<string, int>(options.Value.InitialStock, StringComparer.Ordinal);
        foreach (var (sku, quantity) in _onHand)
        {
            if (quantity < 0)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(options),
                    quantity,
                    $"{InventoryOptions.SectionName}:InitialStock:{sku} must be 0 or more.");
            }
        }
    }

    /// <summary>Units of <paramref name="sku"/> on hand and not reserved; 0 for an unknown SKU.</summary>
    public int OnHand(string sku)
    {
        lock (_gate)
        {
            return _onHand.GetValueOrDefault(sku);
        }
    }

    /// <summary>Units reserved for an order, per SKU; empty when it holds no reservation.</summary>
    public IReadOnlyDictionary<string, int> ReservedFor(Guid orderId)
    {
        lock (_gate)
        {
            return _reservations.TryGetValue(orderId, out var lines)
                ? new Dictionary<string, int>(lines, StringComparer.Ordinal)
                : new Dictionary<string, int>(StringComparer.Ordinal);
        }
    }

    /// <summary>
    /// Reserves every line of an order, or none: when one SKU is short (or unknown) nothing changes.
    /// Lines of the same SKU are added up. An order that already holds its reservation is left as is,
    /// and an order whose reservation was released is never reserved again (a late duplicate must not
    /// take stock that nobody will give back).
    /// </summary>
    public ReserveResult Reserve(Guid orderId, IReadOnlyList<OrderLine> lines)
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

        lock (_gate)
        {
            if (_reservations.ContainsKey(orderId))
            {
                return ReserveResult.Done(ReserveOutcome.AlreadyReserved);
            }

            if (_released.Contains(orderId))
            {
                return ReserveResult.Unavailable(string.Empty, "the order's reservation was already released");
            }

            foreach (var (sku, quantity) in wanted)
            {
                if (!_onHand.TryGetValue(sku, out var available))
                {
                    return ReserveResult.Unavailable(sku, "unknown SKU");
                }

                if (available < quantity)
                {
                    return ReserveResult.Unavailable(sku, Invariant($"{quantity} wanted, {available} on hand"));
                }
            }

            foreach (var (sku, quantity) in wanted)
            {
                _onHand[sku] -= quantity;
            }

            _reservations.Add(orderId, wanted);
            return ReserveResult.Done(ReserveOutcome.Reserved);
        }
    }

    /// <summary>
    /// Puts an order's reservation back on hand. Returns <see langword="false"/> when there was
    /// nothing to release (never reserved, or released before). Either way the order can no longer
    /// be reserved.
    /// </summary>
    public bool Release(Guid orderId)
    {
        lock (_gate)
        {
            _released.Add(orderId);
            if (!_reservations.Remove(orderId, out var lines))
            {
                return false;
            }

            foreach (var (sku, quantity) in lines)
            {
                _onHand[sku] = checked(_onHand[sku] + quantity);
            }

            return true;
        }
    }

    /// <summary>
    /// Adds the lines of a refund back on hand, once per refund id. Returns <see langword="false"/>
    /// when this refund was restocked before (nothing changes).
    /// </summary>
    /// <exception cref="ArgumentException">A line's quantity is not positive.</exception>
    public bool Restock(Guid refundId, IReadOnlyList<OrderLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        foreach (var line in lines)
        {
            if (line.Quantity <= 0)
            {
                throw new ArgumentException(
                    Invariant($"Refund {refundId}: the quantity of {line.Sku} must be positive, was {line.Quantity}."),
                    nameof(lines));
            }
        }

        lock (_gate)
        {
            if (_restockedRefunds.Contains(refundId))
            {
                return false;
            }

            // Work out every new count first, so an overflow changes nothing.
            var counts = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var line in lines)
            {
                var current = counts.TryGetValue(line.Sku, out var counted) ? counted : _onHand.GetValueOrDefault(line.Sku);
                counts[line.Sku] = checked(current + line.Quantity);
            }

            foreach (var (sku, quantity) in counts)
            {
                _onHand[sku] = quantity;
            }

            _restockedRefunds.Add(refundId);
            return true;
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
