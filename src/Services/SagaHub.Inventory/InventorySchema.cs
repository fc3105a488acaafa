using SagaHub.EntityFrameworkCore;

namespace SagaHub.Inventory;

/// <summary>The inventory service's tables, as versioned scripts for PostgreSQL and SQLite.</summary>
public static class InventorySchema
{
    /// <summary>The component its scripts are recorded under in <c>schema_versions</c>.</summary>
    public const string Component = "inventory";

    /// <summary>
    /// v1: <c>stock</c> (sku primary key; on_hand integer, CHECK on_hand &gt;= 0), <c>reservations</c>
    /// (order_id primary key; lines JSON; status Reserved/Released; reserved_at, released_at),
    /// <c>restocks</c> (refund_id primary key; order_id; lines JSON; restocked_at), inbox and outbox.
    /// </summary>
    /// <param name="tables">Where the tables go.</param>
    /// <returns>Versions 1..n.</returns>
    public static IReadOnlyList<SchemaScript> Scripts(SagaHubTables tables)
    {
        ArgumentNullException.ThrowIfNull(tables);
        var pg = tables.Provider == SagaStoreProvider.PostgreSql;
        var time = pg ? "timestamptz" : "INTEGER";
        var uuid = pg ? "uuid" : "TEXT";

        // PostgreSQL's integer stops at 2^31-1 by itself; SQLite's INTEGER is 64-bit, so say it.
        var onHandCheck = pg ? "on_hand >= 0" : "on_hand >= 0 AND on_hand <= 2147483647";
        return
        [
            new SchemaScript(1, "stock, reservations, restocks, inbox, outbox", $"""
                CREATE TABLE IF NOT EXISTS {tables.Sql("stock")} (
                    sku text NOT NULL PRIMARY KEY,
                    on_hand integer NOT NULL CONSTRAINT "ck_{tables.Table("stock")}_on_hand" CHECK ({onHandCheck})
                );
                CREATE TABLE IF NOT EXISTS {tables.Sql("reservations")} (
                    order_id {uuid} NOT NULL PRIMARY KEY,
                    lines {tables.JsonType} NOT NULL,
                    status text NOT NULL CONSTRAINT "ck_{tables.Table("reservations")}_status" CHECK (status IN ('Reserved', 'Released')),
                    reserved_at {time} NULL,
                    released_at {time} NULL
                );
                CREATE TABLE IF NOT EXISTS {tables.Sql("restocks")} (
                    refund_id {uuid} NOT NULL PRIMARY KEY,
                    order_id {uuid} NOT NULL,
                    lines {tables.JsonType} NOT NULL,
                    restocked_at {time} NOT NULL
                );
                {tables.InboxAndOutboxDdl()}
                """),
            new SchemaScript(2, "outbox sweep claims and parked rows", tables.OutboxSweepColumnsDdl()),
        ];
    }
}
