using Microsoft.EntityFrameworkCore;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Payments;

/// <summary>
/// The payments service's data: the <c>ledger</c>, <c>voided_orders</c> and its inbox and outbox, in
/// the <c>payments</c> schema (PostgreSQL) or with the <c>payments_</c> prefix (SQLite).
/// </summary>
/// <param name="options">The context options (provider and connection).</param>
public sealed class PaymentsDbContext(DbContextOptions<PaymentsDbContext> options) : ServiceDbContext(options, Schema)
{
    /// <summary>The schema (PostgreSQL) or table prefix (SQLite) of the service's tables.</summary>
    public const string Schema = "payments";

    /// <summary>Every charge and refund, one row per idempotency key.</summary>
    public DbSet<LedgerRow> Ledger => Set<LedgerRow>();

    /// <summary>Orders whose charge was compensated: a charge arriving later is declined.</summary>
    public DbSet<VoidedOrder> VoidedOrders => Set<VoidedOrder>();

    /// <inheritdoc />
    protected override void MapTables(ModelBuilder modelBuilder, SagaHubTables t)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentNullException.ThrowIfNull(t);
        modelBuilder.Entity<LedgerRow>(e =>
        {
            e.ToTable(t.Table("ledger"), t.EfSchema);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Kind).HasColumnName("kind").HasConversion<string>();
            e.Property(x => x.OrderId).HasColumnName("order_id");
            e.Property(x => x.RefundId).HasColumnName("refund_id");
            e.Property(x => x.Amount).HasColumnName("amount").HasPrecision(18, 2);
            e.Property(x => x.IdempotencyKey).HasColumnName("idempotency_key");
            e.HasIndex(x => x.IdempotencyKey).IsUnique();
            e.Property(x => x.RecordedAt).HasColumnName("recorded_at");
        });
        modelBuilder.Entity<VoidedOrder>(e =>
        {
            e.ToTable(t.Table("voided_orders"), t.EfSchema);
            e.HasKey(x => x.OrderId);
            e.Property(x => x.OrderId).HasColumnName("order_id").ValueGeneratedNever();
            e.Property(x => x.VoidedAt).HasColumnName("voided_at");
        });
    }
}

/// <summary>A row of <c>ledger</c>: one movement of money, unique per idempotency key.</summary>
public sealed class LedgerRow
{
    /// <summary>The row's number (identity; orders the ledger oldest first).</summary>
    public long Id { get; set; }

    /// <summary>Charge or refund.</summary>
    public LedgerEntryKind Kind { get; set; }

    /// <summary>The order the money is for.</summary>
    public Guid OrderId { get; set; }

    /// <summary>The refund request a refund pays, if any.</summary>
    public Guid? RefundId { get; set; }

    /// <summary>The amount, positive, at most two decimals (<c>numeric(18,2)</c>).</summary>
    public decimal Amount { get; set; }

    /// <summary>The sender's key; the table's unique index keeps it to one row.</summary>
    public required string IdempotencyKey { get; set; }

    /// <summary>When the entry was recorded.</summary>
    public DateTimeOffset RecordedAt { get; set; }
}

/// <summary>A row of <c>voided_orders</c>: an order whose charge was undone by a compensation.</summary>
public sealed class VoidedOrder
{
    /// <summary>The order (primary key).</summary>
    public Guid OrderId { get; set; }

    /// <summary>When it was voided.</summary>
    public DateTimeOffset VoidedAt { get; set; }
}
