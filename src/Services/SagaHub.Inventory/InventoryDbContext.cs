using Microsoft.EntityFrameworkCore;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Inventory;

/// <summary>
/// The inventory service's data: <c>stock</c>, <c>reservations</c>, <c>restocks</c> and its inbox and
/// outbox, in the <c>inventory</c> schema (PostgreSQL) or with the <c>inventory_</c> prefix (SQLite).
/// </summary>
/// <param name="options">The context options (provider and connection).</param>
public sealed class InventoryDbContext(DbContextOptions<InventoryDbContext> options) : ServiceDbContext(options, Schema)
{
    /// <summary>The schema (PostgreSQL) or table prefix (SQLite) of the service's tables.</summary>
    public const string Schema = "inventory";

    /// <summary>Units on hand per SKU.</summary>
    public DbSet<StockItem> Stock => Set<StockItem>();

    /// <summary>What each order holds (or held, once released).</summary>
    public DbSet<Reservation> Reservations => Set<Reservation>();

    /// <summary>The refunds whose items were put back.</summary>
    public DbSet<RestockRecord> Restocks => Set<RestockRecord>();

    /// <inheritdoc />
    protected override void MapTables(ModelBuilder modelBuilder, SagaHubTables t)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentNullException.ThrowIfNull(t);
        modelBuilder.Entity<StockItem>(e =>
        {
            e.ToTable(t.Table("stock"), t.EfSchema);
            e.HasKey(x => x.Sku);
            e.Property(x => x.Sku).HasColumnName("sku");
            e.Property(x => x.OnHand).HasColumnName("on_hand");
        });
        modelBuilder.Entity<Reservation>(e =>
        {
            e.ToTable(t.Table("reservations"), t.EfSchema);
            e.HasKey(x => x.OrderId);
            e.Property(x => x.OrderId).HasColumnName("order_id").ValueGeneratedNever();
            e.Property(x => x.Lines).HasColumnName("lines").HasColumnType(t.JsonType);
            e.Property(x => x.Status).HasColumnName("status").HasConversion<string>();
            e.Property(x => x.ReservedAt).HasColumnName("reserved_at");
            e.Property(x => x.ReleasedAt).HasColumnName("released_at");
        });
        modelBuilder.Entity<RestockRecord>(e =>
        {
            e.ToTable(t.Table("restocks"), t.EfSchema);
            e.HasKey(x => x.RefundId);
            e.Property(x => x.RefundId).HasColumnName("refund_id").ValueGeneratedNever();
            e.Property(x => x.OrderId).HasColumnName("order_id");
            e.Property(x => x.Lines).HasColumnName("lines").HasColumnType(t.JsonType);
            e.Property(x => x.RestockedAt).HasColumnName("restocked_at");
        });
    }
}

/// <summary>A row of <c>stock</c>: units of one SKU on hand and not reserved (never below zero).</summary>
public sealed class StockItem
{
    /// <summary>The stock-keeping unit (primary key).</summary>
    public required string Sku { get; set; }

    /// <summary>Units on hand; the table's CHECK keeps it at 0 or more.</summary>
    public int OnHand { get; set; }
}

/// <summary>Whether an order still holds its units.</summary>
public enum ReservationStatus
{
    /// <summary>The units are held for the order.</summary>
    Reserved,

    /// <summary>The units were put back (or the order was released before it reserved anything); it is never reserved again.</summary>
    Released,
}

/// <summary>A row of <c>reservations</c>: the units one order took, so a release puts back exactly those, once.</summary>
public sealed class Reservation
{
    /// <summary>The order (primary key).</summary>
    public Guid OrderId { get; set; }

    /// <summary>The units per SKU as a JSON object, e.g. <c>{"SKU-RED":4}</c>; <c>{}</c> for a release that came first.</summary>
    public required string Lines { get; set; }

    /// <summary>Reserved or released.</summary>
    public ReservationStatus Status { get; set; }

    /// <summary>When the units were taken; null when the order was released before it reserved anything.</summary>
    public DateTimeOffset? ReservedAt { get; set; }

    /// <summary>When the units were put back; null while reserved.</summary>
    public DateTimeOffset? ReleasedAt { get; set; }
}

/// <summary>A row of <c>restocks</c>: a refund whose items were put back (once per refund).</summary>
public sealed class RestockRecord
{
    /// <summary>The refund (primary key).</summary>
    public Guid RefundId { get; set; }

    /// <summary>The order the items came from.</summary>
    public Guid OrderId { get; set; }

    /// <summary>The units per SKU put back, as a JSON object.</summary>
    public required string Lines { get; set; }

    /// <summary>When they were put back.</summary>
    public DateTimeOffset RestockedAt { get; set; }
}
