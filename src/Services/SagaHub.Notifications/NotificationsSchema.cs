using SagaHub.EntityFrameworkCore;
using SagaHub.ServiceDefaults;

namespace SagaHub.Notifications;

/// <summary>The notifications service's tables, as versioned scripts for PostgreSQL and SQLite.</summary>
public static class NotificationsSchema
{
    /// <summary>The component its scripts are recorded under in <c>schema_versions</c>: the context's schema.</summary>
    public const string Component = NotificationsDbContext.Schema;

    /// <summary>
    /// v1: <c>notifications</c> (id identity primary key; notification_key UNIQUE; message_id;
    /// reference_id; recipient; subject; text; sent_at), inbox and outbox.
    /// </summary>
    /// <param name="tables">Where the tables go.</param>
    /// <returns>Versions 1..n.</returns>
    public static IReadOnlyList<SchemaScript> Scripts(SagaHubTables tables)
    {
        var s = new ServiceSchema(tables);
        var notifications = s.Table("notifications");
        return
        [
            s.WithInboxAndOutbox(1, "notifications", $"""
                CREATE TABLE IF NOT EXISTS {s.Sql("notifications")} (
                    id {s.Identity},
                    notification_key text NOT NULL,
                    message_id {s.Uuid} NOT NULL,
                    reference_id {s.Uuid} NOT NULL,
                    recipient text NOT NULL,
                    subject text NOT NULL,
                    text text NOT NULL,
                    sent_at {s.Timestamp} NOT NULL
                );
                CREATE UNIQUE INDEX IF NOT EXISTS "ux_{notifications}_key" ON {s.Sql("notifications")} (notification_key);
                CREATE INDEX IF NOT EXISTS "ix_{notifications}_reference_id" ON {s.Sql("notifications")} (reference_id);
                """),
            s.OutboxSweepColumns(2),
        ];
    }
}
