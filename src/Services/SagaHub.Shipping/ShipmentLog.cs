using System.Globalization;

namespace SagaHub.Shipping;

/// <summary>
/// The orders handed to the carrier, in memory and thread-safe: one <see cref="Shipment"/> per order,
/// so shipping an order twice returns the first shipment and its tracking number.
/// </summary>
/// <param name="time">The clock that stamps shipments and dates tracking numbers.</param>
public sealed class ShipmentLog(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<Guid, Shipment> _byOrder = [];
    private long _sequence;

    /// <summary>Every shipment, in no particular order (a snapshot).</summary>
    public IReadOnlyList<Shipment> Shipments
    {
        get
        {
            lock (_gate)
            {
                return [.. _byOrder.Values];
            }
        }
    }

    /// <summary>The order's shipment, or <see langword="null"/> when it was not shipped.</summary>
    public Shipment? Find(Guid orderId)
    {
        lock (_gate)
        {
            return _byOrder.GetValueOrDefault(orderId);
        }
    }

    /// <summary>Records that the order was shipped, or returns its earlier shipment.</summary>
    /// <returns>The shipment, and whether it was recorded now.</returns>
    public (Shipment Shipment, bool Added) Ship(Guid orderId, string customerId)
    {
        lock (_gate)
        {
            if (_byOrder.TryGetValue(orderId, out var existing))
            {
                return (existing, false);
            }

            var now = time.GetUtcNow();
            _sequence++;
            var tracking = string.Create(CultureInfo.InvariantCulture, $"TRK-{now:yyyyMMdd}-{_sequence:D6}");
            var shipment = new Shipment(orderId, customerId, tracking, now);
            _byOrder.Add(orderId, shipment);
            return (shipment, true);
        }
    }
}
