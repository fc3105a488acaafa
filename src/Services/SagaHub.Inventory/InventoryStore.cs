using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SagaHub.Contracts.Orders;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Inventory;

/// <summary>
/// Stock per SKU in the inventory's own database (<see cref="InventoryDbContext"/>). Units are either
/// on hand or reserved for one order; no count ever goes below zero. Reservations are all or
/// nothing, and every change is idempotent per order (reserve, release) or per refund (restock).
/// The consumers apply the same rules inside their inbox transactions; this class runs them in a
/// transaction of its own (for tests, tools and seeding), and answers queries.
/// </summary>
public sealed class InventoryStore
{
    private readonly IServiceScopeFactory scopes;
    private readonly TimeProvider time;

    /// <summary>Creates the store; the options are validated here.</summary>
    /// <param name="scopes">Creates a scope (and a context) per call.</param>
    /// <param name="options">The service settings.</param>
    /// <param name="time">The clock that stamps reservations and restocks.</param>
    public InventoryStore(IServiceScopeFactory scopes, IOptions<InventoryOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _ = options.Value;
        this.scopes = scopes;
        this.time = time;
    }

    /// <summary>Units of <paramref name="sku"/> on hand and not reserved; 0 for an unknown SKU.</summary>
    /// <param name="sku">The SKU.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The count.</returns>
    public Task<int> OnHandAsync(string sku, CancellationToken cancellationToken = default) =>
        scopes.ReadAsync<InventoryDbContext, int>(
            db => db.Stock.AsNoTracking().Where(s => s.Sku == sku).Select(s => s.OnHand).FirstOrDefaultAsync(cancellationToken),
            cancellationToken);

    /// <summary>Units reserved for an order, per SKU; empty when it holds no reservation.</summary>
    /// <param name="orderId">The order.</param>
    /// <param name="cancellationToken">Cancels the query.</param>
    /// <returns>The units per SKU.</returns>
    public Task<IReadOnlyDictionary<string, int>> ReservedForAsync(Guid orderId, CancellationToken cancellationToken = default) =>
        scopes.ReadAsync<InventoryDbContext, IReadOnlyDictionary<string, int>>(
            async db =>
            {
                var reservation = await db.Reservations.AsNoTracking().FirstOrDefaultAsync(r => r.OrderId == orderId, cancellationToken).ConfigureAwait(false);
                return reservation is { Status: ReservationStatus.Reserved }
                    ? InventoryOperations.FromJson(reservation.Lines)
                    : new Dictionary<string, int>(StringComparer.Ordinal);
            },
            cancellationToken);

    /// <summary>
    /// Reserves every line of an order, or none: when one SKU is short (or unknown) nothing changes.
    /// Lines of the same SKU are added up. An order that already holds its reservation is left as is,
    /// and an order whose reservation was released is never reserved again (a late duplicate must not
    /// take stock that nobody will give back).
    /// </summary>
    /// <param name="orderId">The order.</param>
    /// <param name="lines">Its lines.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>What happened.</returns>
    public Task<ReserveResult> ReserveAsync(Guid orderId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken = default) =>
        scopes.WriteAsync<InventoryDbContext, ReserveResult>(db => InventoryOperations.ReserveAsync(db, orderId, lines, time.GetUtcNow(), cancellationToken), cancellationToken);

    /// <summary>
    /// Puts an order's reservation back on hand. Returns <see langword="false"/> when there was
    /// nothing to release (never reserved, or released before). Either way the order can no longer
    /// be reserved.
    /// </summary>
    /// <param name="orderId">The order.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether units were put back now.</returns>
    public Task<bool> ReleaseAsync(Guid orderId, CancellationToken cancellationToken = default) =>
        scopes.WriteAsync<InventoryDbContext, bool>(db => InventoryOperations.ReleaseAsync(db, orderId, time.GetUtcNow(), cancellationToken), cancellationToken);

    /// <summary>
    /// Adds the lines of a refund back on hand, once per refund id. Returns <see langword="false"/>
    /// when this refund was restocked before (nothing changes).
    /// </summary>
    /// <param name="refundId">The refund.</param>
    /// <param name="orderId">The order the items came from.</param>
    /// <param name="lines">The items.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Whether the units were added now.</returns>
    /// <exception cref="ArgumentException">A line's quantity is not positive.</exception>
    /// <exception cref="OverflowException">A count would pass <see cref="int.MaxValue"/>; nothing changes.</exception>
    public Task<bool> RestockAsync(Guid refundId, Guid orderId, IReadOnlyList<OrderLine> lines, CancellationToken cancellationToken = default) =>
        scopes.WriteAsync<InventoryDbContext, bool>(db => InventoryOperations.RestockAsync(db, refundId, orderId, lines, time.GetUtcNow(), cancellationToken), cancellationToken);
}
