using Microsoft.EntityFrameworkCore;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Shipping;

/// <summary>
/// The shipping service's data: <c>shipments</c> and its inbox and outbox, in the <c>shipping</c>
/// schema (PostgreSQL) or with the <c>shipping_</c> prefix (SQLite).
/// </summary>
/// <param name="options">The context options (provider and connection).</param>
public sealed class ShippingDbContext(DbContextOptions<ShippingDbContext> options) : ServiceDbContext(options, Schema)
{
    /// <summary>The schema (PostgreSQL) or table prefix (SQLite) of the service's tables.</summary>
    public const string Schema = "shipping";

    /// <summary>The orders handed to the carrier, one row per order.</summary>
    public DbSet<ShipmentRow> Shipments => Set<ShipmentRow>();

    /// <inheritdoc />
    protected override void MapTables(ModelBuilder modelBuilder, SagaHubTables t)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentNullException.ThrowIfNull(t);
        modelBuilder.Entity<ShipmentRow>(e =>
        {
            e.ToTable(t.Table("shipments"), t.EfSchema);
            e.HasKey(x => x.OrderId);
            e.Property(x => x.OrderId).HasColumnName("order_id").ValueGeneratedNever();
            e.Property(x => x.CustomerId).HasColumnName("customer_id");
            e.Property(x => x.Sequence).HasColumnName("sequence");
            e.HasIndex(x => x.Sequence).IsUnique();
            e.Property(x => x.TrackingNumber).HasColumnName("tracking");
            e.HasIndex(x => x.TrackingNumber).IsUnique();
            e.Property(x => x.ShippedAt).HasColumnName("shipped_at");
        });
    }
}

/// <summary>A row of <c>shipments</c>: an order the carrier accepted (one per order).</summary>
public sealed class ShipmentRow
{
    /// <summary>The order (primary key: an order ships once).</summary>
    public Guid OrderId { get; set; }

    /// <summary>Who it goes to.</summary>
    public required string CustomerId { get; set; }

    /// <summary>The carrier's running number (unique), the last part of the tracking number.</summary>
    public long Sequence { get; set; }

    /// <summary>The carrier's number for it (unique).</summary>
    public required string TrackingNumber { get; set; }

    /// <summary>When it was handed over.</summary>
    public DateTimeOffset ShippedAt { get; set; }
}
