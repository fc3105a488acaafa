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
    /// Records that the order was shipped, or returns its earlier shipment. Shipments are numbered from
    /// a sequence on PostgreSQL (no lock: concurrent shipments do not wait for each other; a rolled-back
    /// shipment leaves a gap) and under SQLite's one write lock as MAX + 1, so two orders never get the
    /// same tracking number (the unique indexes say so too). Shipping one order twice at once is serialized by
    /// that order's own lock (PostgreSQL advisory lock), so the second finds the first; the order's primary key
    /// keeps it to one shipment whatever happens.
    /// </summary>
    public static async Task<(Shipment Shipment, bool Added)> ShipAsync(ShippingDbContext db, Guid orderId, string customerId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        await ServiceLocks.LockAsync(db, "shipping-order:" + orderId.ToString("N"), cancellationToken).ConfigureAwait(false);
        if (await FindAsync(db, orderId, cancellationToken).ConfigureAwait(false) is { } existing)
        {
            return (existing, false);
        }

        var sequence = await NextSequenceAsync(db, cancellationToken).ConfigureAwait(false);
        var tracking = string.Create(CultureInfo.InvariantCulture, $"TRK-{now:yyyyMMdd}-{sequence:D6}");
        var row = new ShipmentRow { OrderId = orderId, CustomerId = customerId, Sequence = sequence, TrackingNumber = tracking, ShippedAt = now };
        db.Shipments.Add(row);
        return (ToShipment(row), true);
    }

    private static readonly string NumbersSequence = new SagaHubTables(SagaStoreProvider.PostgreSql, ShippingDbContext.Schema).Sql("shipment_numbers");

    private static async Task<long> NextSequenceAsync(ShippingDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
#pragma warning disable EF1002 // the sequence name is built from a constant schema, never from input
            return await db.Database.SqlQueryRaw<long>($"SELECT nextval('{NumbersSequence}') AS \"Value\"").SingleAsync(cancellationToken).ConfigureAwait(false);
#pragma warning restore EF1002
        }

        // SQLite: the transaction holds the database's write lock from its first statement (BEGIN IMMEDIATE).
        return 1 + (await db.Shipments.MaxAsync(s => (long?)s.Sequence, cancellationToken).ConfigureAwait(false) ?? 0);
    }

    public static Shipment ToShipment(ShipmentRow row) => new(row.OrderId, row.CustomerId, row.TrackingNumber, row.ShippedAt);
}
