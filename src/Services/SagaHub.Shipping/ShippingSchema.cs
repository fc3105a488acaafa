using SagaHub.EntityFrameworkCore;

namespace SagaHub.Shipping;

/// <summary>The shipping service's tables, as versioned scripts for PostgreSQL and SQLite.</summary>
public static class ShippingSchema
{
    /// <summary>The component its scripts are recorded under in <c>schema_versions</c>.</summary>
    public const string Component = "shipping";

    /// <summary>
    /// v1: <c>shipments</c> (order_id primary key; customer_id; sequence UNIQUE; tracking UNIQUE;
    /// shipped_at), inbox and outbox.
    /// </summary>
    /// <param name="tables">Where the tables go.</param>
    /// <returns>Versions 1..n.</returns>
    public static IReadOnlyList<SchemaScript> Scripts(SagaHubTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var pg = tables.Provider == SagaStoreProvider.PostgreSql;
        var time = pg ? "timestamptz" : "INTEGER";
        var uuid = pg ? "uuid" : "TEXT";
        var shipments = tables.Table("shipments");
        return
        [
            new SchemaScript(1, "shipments, inbox, outbox", $"""
                CREATE TABLE IF NOT EXISTS {tables.Sql("shipments")} (
                    order_id {uuid} NOT NULL PRIMARY KEY,
                    customer_id text NOT NULL,
                    sequence bigint NOT NULL,
                    tracking text NOT NULL,
                    shipped_at {time} NOT NULL
                );
                CREATE UNIQUE INDEX IF NOT EXISTS "ux_{shipments}_sequence" ON {tables.Sql("shipments")} (sequence);
                CREATE UNIQUE INDEX IF NOT EXISTS "ux_{shipments}_tracking" ON {tables.Sql("shipments")} (tracking);
                {tables.InboxAndOutboxDdl()}
                """),
            // PostgreSQL numbers shipments from a sequence, so concurrent ShipOrder transactions do not queue on one
            // lock (the benchmark found shipping serialized behind it); SQLite has one writer anyway and keeps MAX + 1.
            new SchemaScript(2, "shipment_numbers sequence (PostgreSQL)", pg
                ? $"""
                    CREATE SEQUENCE IF NOT EXISTS {tables.Sql("shipment_numbers")};
                    SELECT setval('{tables.Sql("shipment_numbers")}', COALESCE((SELECT max(sequence) FROM {tables.Sql("shipments")}), 0) + 1, false);
                    """
                : "SELECT 1;"),
            new SchemaScript(3, "outbox sweep claims and parked rows", tables.OutboxSweepColumnsDdl()),
        ];
    }
}
