using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Shipping;

/// <summary>
/// The orders handed to the carrier, in the shipping service's own database
/// (<see cref="ShippingDbContext"/>): one <see cref="Shipment"/> per order, so shipping an order twice
/// returns the first shipment and its tracking number. The consumer applies the same rules inside
/// its inbox transaction; this class runs them in a transaction of its own, and answers queries.
/// </summary>
/// <param name="scopes">Creates a scope (and a context) per call.</param>
/// <param name="time">The clock that stamps shipments and dates tracking numbers.</param>
public sealed class ShipmentLog(IServiceScopeFactory scopes, TimeProvider time)
{
    /// <summary>Every shipment, in the order they were made.</summary>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The shipments.</returns>
    public Task<IReadOnlyList<Shipment>> ShipmentsAsync(CancellationToken cancellationToken = default) =>
        scopes.ReadAsync<ShippingDbContext, IReadOnlyList<Shipment>>(
            async db => [.. (await db.Shipments.AsNoTracking().OrderBy(s => s.Sequence).ToListAsync(cancellationToken).ConfigureAwait(false)).Select(ShipmentOperations.ToShipment)],
            cancellationToken);

    /// <summary>The order's shipment, or <see langword="null"/> when it was not shipped.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The shipment or null.</returns>
    public Task<Shipment?> FindAsync(Guid orderId, CancellationToken cancellationToken = default) =>
        scopes.ReadAsync<ShippingDbContext, Shipment?>(db => ShipmentOperations.FindAsync(db, orderId, cancellationToken), cancellationToken);

    /// <summary>Records that the order was shipped, or returns its earlier shipment.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="customerId">Who it goes to.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The shipment, and whether it was recorded now.</returns>
    public Task<(Shipment Shipment, bool Added)> ShipAsync(Guid orderId, string customerId, CancellationToken cancellationToken = default) =>
        scopes.WriteAsync<ShippingDbContext, (Shipment, bool)>(db => ShipmentOperations.ShipAsync(db, orderId, customerId, time.GetUtcNow(), cancellationToken), cancellationToken);
}
