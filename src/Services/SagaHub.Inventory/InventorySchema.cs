using SagaHub.EntityFrameworkCore;
using SagaHub.ServiceDefaults;

namespace SagaHub.Inventory;

/// <summary>The inventory service's tables, as versioned scripts for PostgreSQL and SQLite.</summary>
public static class InventorySchema
{
    /// <summary>The component its scripts are recorded under in <c>schema_versions</c>: the context's schema.</summary>
    public const string Component = InventoryDbContext.Schema;

    /// <summary>
    /// v1: <c>stock</c> (sku primary key; on_hand integer, CHECK on_hand &gt;= 0), <c>reservations</c>
    /// (order_id primary key; lines JSON; status Reserved/Released; reserved_at, released_at),
    /// <c>restocks</c> (refund_id primary key; order_id; lines JSON; restocked_at), inbox and outbox.
    /// </summary>
    /// <param name="tables">Where the tables go.</param>
    /// <returns>Versions 1..n.</returns>
    public static IReadOnlyList<SchemaScript> Scripts(SagaHubTables tables)
    {
        var s = new ServiceSchema(tables);

        // PostgreSQL's integer stops at 2^31-1 by itself; SQLite's INTEGER is 64-bit, so say it.
        var onHandCheck = s.IsPostgreSql ? "on_hand >= 0" : "on_hand >= 0 AND on_hand <= 2147483647";
        return
        [
            s.WithInboxAndOutbox(1, "stock, reservations, restocks", $"""
                CREATE TABLE IF NOT EXISTS {s.Sql("stock")} (
                    sku text NOT NULL PRIMARY KEY,
                    on_hand integer NOT NULL CONSTRAINT "ck_{s.Table("stock")}_on_hand" CHECK ({onHandCheck})
                );
                CREATE TABLE IF NOT EXISTS {s.Sql("reservations")} (
                    order_id {s.Uuid} NOT NULL PRIMARY KEY,
                    lines {s.Json} NOT NULL,
                    status text NOT NULL CONSTRAINT "ck_{s.Table("reservations")}_status" CHECK (status IN ('Reserved', 'Released')),
                    reserved_at {s.Timestamp} NULL,
                    released_at {s.Timestamp} NULL
                );
                CREATE TABLE IF NOT EXISTS {s.Sql("restocks")} (
                    refund_id {s.Uuid} NOT NULL PRIMARY KEY,
                    order_id {s.Uuid} NOT NULL,
                    lines {s.Json} NOT NULL,
                    restocked_at {s.Timestamp} NOT NULL
                );
                """),
            s.OutboxSweepColumns(2),
        ];
    }
}
