using SagaHub.EntityFrameworkCore;
using SagaHub.ServiceDefaults;

namespace SagaHub.Shipping;

/// <summary>The shipping service's tables, as versioned scripts for PostgreSQL and SQLite.</summary>
public static class ShippingSchema
{
    /// <summary>The component its scripts are recorded under in <c>schema_versions</c>: the context's schema.</summary>
    public const string Component = ShippingDbContext.Schema;

    /// <summary>
    /// v1: <c>shipments</c> (order_id primary key; customer_id; sequence UNIQUE; tracking UNIQUE;
    /// shipped_at), inbox and outbox.
    /// </summary>
    /// <param name="tables">Where the tables go.</param>
    /// <returns>Versions 1..n.</returns>
    public static IReadOnlyList<SchemaScript> Scripts(SagaHubTables tables)
    {
        var s = new ServiceSchema(tables);
        var shipments = s.Table("shipments");
        return
        [
            s.WithInboxAndOutbox(1, "shipments", $"""
                CREATE TABLE IF NOT EXISTS {s.Sql("shipments")} (
                    order_id {s.Uuid} NOT NULL PRIMARY KEY,
                    customer_id text NOT NULL,
                    sequence bigint NOT NULL,
                    tracking text NOT NULL,
                    shipped_at {s.Timestamp} NOT NULL
                );
                CREATE UNIQUE INDEX IF NOT EXISTS "ux_{shipments}_sequence" ON {s.Sql("shipments")} (sequence);
                CREATE UNIQUE INDEX IF NOT EXISTS "ux_{shipments}_tracking" ON {s.Sql("shipments")} (tracking);
                """),
            // PostgreSQL numbers shipments from a sequence, so concurrent ShipOrder transactions do not queue on one
            // lock (the benchmark found shipping serialized behind it); SQLite has one writer anyway and keeps MAX + 1.
            new SchemaScript(2, "shipment_numbers sequence (PostgreSQL)", s.IsPostgreSql
                ? $"""
                    CREATE SEQUENCE IF NOT EXISTS {s.Sql("shipment_numbers")};
                    SELECT setval('{s.Sql("shipment_numbers")}', COALESCE((SELECT max(sequence) FROM {s.Sql("shipments")}), 0) + 1, false);
                    """
                : "SELECT 1;"),
            s.OutboxSweepColumns(3),
        ];
    }
}
