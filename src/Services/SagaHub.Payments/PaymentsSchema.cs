using SagaHub.EntityFrameworkCore;
using SagaHub.ServiceDefaults;

namespace SagaHub.Payments;

/// <summary>The payments service's tables, as versioned scripts for PostgreSQL and SQLite.</summary>
public static class PaymentsSchema
{
    /// <summary>The component its scripts are recorded under in <c>schema_versions</c>: the context's schema.</summary>
    public const string Component = PaymentsDbContext.Schema;

    /// <summary>
    /// v1: <c>ledger</c> (id identity primary key; kind Charge/Refund; order_id; refund_id null;
    /// amount numeric(18,2) &gt; 0; idempotency_key UNIQUE; recorded_at), <c>voided_orders</c>
    /// (order_id primary key; voided_at), inbox and outbox.
    /// </summary>
    /// <param name="tables">Where the tables go.</param>
    /// <returns>Versions 1..n.</returns>
    public static IReadOnlyList<SchemaScript> Scripts(SagaHubTables tables)
    {
        var s = new ServiceSchema(tables);
        var ledger = s.Table("ledger");

        // SQLite has no exact decimal: EF keeps amounts there as invariant text (and sums them in .NET).
        var amount = s.IsPostgreSql ? $"numeric(18,2) NOT NULL CONSTRAINT \"ck_{ledger}_amount\" CHECK (amount > 0)" : "TEXT NOT NULL";
        return
        [
            s.WithInboxAndOutbox(1, "ledger, voided_orders", $"""
                CREATE TABLE IF NOT EXISTS {s.Sql("ledger")} (
                    id {s.Identity},
                    kind text NOT NULL CONSTRAINT "ck_{ledger}_kind" CHECK (kind IN ('Charge', 'Refund')),
                    order_id {s.Uuid} NOT NULL,
                    refund_id {s.Uuid} NULL,
                    amount {amount},
                    idempotency_key text NOT NULL,
                    recorded_at {s.Timestamp} NOT NULL
                );
                CREATE UNIQUE INDEX IF NOT EXISTS "ux_{ledger}_idempotency_key" ON {s.Sql("ledger")} (idempotency_key);
                CREATE INDEX IF NOT EXISTS "ix_{ledger}_order_id" ON {s.Sql("ledger")} (order_id);
                CREATE TABLE IF NOT EXISTS {s.Sql("voided_orders")} (
                    order_id {s.Uuid} NOT NULL PRIMARY KEY,
                    voided_at {s.Timestamp} NOT NULL
                );
                """),
            s.OutboxSweepColumns(2),
        ];
    }
}
