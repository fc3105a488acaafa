using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Shipping;

/// <summary>The shipping rules on a context inside a transaction; nothing here calls <c>SaveChanges</c>.</summary>
internal static class ShipmentOperations
{
    public static async Task<Shipment?> FindAsync(ShippingDbContext db, Guid orderId, CancellationToken cancellationToken)
    {
        var row = await db.Shipments.AsNoTracking().FirstOrDefaultAsync(s => s.OrderId == orderId, cancellationToken).ConfigureAwait(false);
        return row is null ? null : ToShipment(row);
    }

    /// <summary>
    /// Records that the order was shipped, or returns its earlier shipment. Shipments are numbered
    /// under one lock (PostgreSQL advisory lock; SQLite's write lock), so two orders never get the
    /// same tracking number; the order's primary key keeps it to one shipment whatever happens.
    /// </summary>
    public static async Task<(Shipment Shipment, bool Added)> ShipAsync(ShippingDbContext db, Guid orderId, string customerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        await ServiceLocks.LockAsync(db, "shipping-tracking", cancellationToken).ConfigureAwait(false);
        if (await FindAsync(db, orderId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return (existing, false);
        }

        var sequence = 1 + (await db.Shipments.MaxAsync(s => (long?)s.Sequence, cancellationToken).ConfigureAwait(false) ?? 0);
        var tracking = string.Create(CultureInfo.InvariantCulture, $"TRK-{now:yyyyMMdd}-{sequence:D6}");
        var row = new ShipmentRow { OrderId = orderId, CustomerId = customerId, Sequence = sequence, TrackingNumber = tracking, ShippedAt = now };
        db.Shipments.Add(row);
        return (ToShipment(row), true);
    }

    public static Shipment ToShipment(ShipmentRow row) => new(row.OrderId, row.CustomerId, row.TrackingNumber, row.ShippedAt);
}
