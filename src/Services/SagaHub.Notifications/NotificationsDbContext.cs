using Microsoft.EntityFrameworkCore;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Notifications;

/// <summary>
/// The notifications service's data: <c>notifications</c> and its inbox and outbox, in the
/// <c>notifications</c> schema (PostgreSQL) or with the <c>notifications_</c> prefix (SQLite).
/// </summary>
/// <param name="options">The context options (provider and connection).</param>
public sealed class NotificationsDbContext(DbContextOptions<NotificationsDbContext> options) : ServiceDbContext(options, Schema)
{
    /// <summary>The schema (PostgreSQL) or table prefix (SQLite) of the service's tables.</summary>
    public const string Schema = "notifications";

    /// <summary>The notifications sent, one per key.</summary>
    public DbSet<NotificationRow> Notifications => Set<NotificationRow>();

    /// <inheritdoc />
    protected override void MapTables(ModelBuilder modelBuilder, SagaHubTables t)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        ArgumentNullException.ThrowIfNull(t);
        modelBuilder.Entity<NotificationRow>(e =>
        {
            e.ToTable(t.Table("notifications"), t.EfSchema);
            e.HasKey(x => x.Id);
            e.Property(x => x.Id).HasColumnName("id").ValueGeneratedOnAdd();
            e.Property(x => x.Key).HasColumnName("notification_key");
            e.HasIndex(x => x.Key).IsUnique();
            e.Property(x => x.MessageId).HasColumnName("message_id");
            e.Property(x => x.ReferenceId).HasColumnName("reference_id");
            e.Property(x => x.Recipient).HasColumnName("recipient");
            e.Property(x => x.Subject).HasColumnName("subject");
            e.Property(x => x.Text).HasColumnName("text");
            e.Property(x => x.SentAt).HasColumnName("sent_at");
        });
    }
}

/// <summary>A row of <c>notifications</c>: one notification sent, unique per key.</summary>
public sealed class NotificationRow
{
    /// <summary>The row's number (identity; orders the log oldest first).</summary>
    public long Id { get; set; }

    /// <summary>
    /// What makes it one notification (unique): <c>message:{id}</c> of the <c>SendNotification</c>
    /// message that asked for it, so a redelivered message cannot notify twice.
    /// </summary>
    public required string Key { get; set; }

    /// <summary>The id of the message that asked for it.</summary>
    public Guid MessageId { get; set; }

    /// <summary>The order or refund it is about.</summary>
    public Guid ReferenceId { get; set; }

    /// <summary>Who it goes to.</summary>
    public required string Recipient { get; set; }

    /// <summary>Its subject line.</summary>
    public required string Subject { get; set; }

    /// <summary>Its text.</summary>
    public required string Text { get; set; }

    /// <summary>When it was sent.</summary>
    public DateTimeOffset SentAt { get; set; }
}
