using Npgsql;
using SagaHub.EntityFrameworkCore;
using SagaHub.Inventory;
using SagaHub.Notifications;
using SagaHub.Payments;
using SagaHub.Shipping;

namespace SagaHub.Faults.Tests;

/// <summary>
/// The fault runner's invariants against a real PostgreSQL database built from the services' own schema scripts:
/// a consistent world passes, and each kind of damage a fault could do is reported by name.
/// </summary>
[Trait("Category", "Integration")]
public sealed class InvariantsTests : IAsyncLifetime
{
    private static readonly Guid Completed = Guid.Parse("00000000-0000-0000-0000-00000000c001");
    private static readonly Guid Cancelled = Guid.Parse("00000000-0000-0000-0000-00000000c002");
    private static readonly Guid Refund = Guid.Parse("00000000-0000-0000-0000-00000000f001");
    private static readonly Dictionary<string, int> Stock = new() { ["SKU-RED"] = 100 };
    private readonly string database = $"sagahub_invariants_{Guid.NewGuid():N}";

    private static string Admin => Connection(Environment.GetEnvironmentVariable("PG_DB") is { Length: > 0 } db ? db : "sagahub");

    private string Database => Connection(database);

    public async Task InitializeAsync()
    {
        await ExecuteAsync(Admin, $"CREATE DATABASE {database}");
        var scripts = new (string Schema, Func<SagaHubTables, IReadOnlyList<SchemaScript>> Scripts)[]
        {
            ("orders", SagaStoreSchema.Scripts),
            ("inventory", InventorySchema.Scripts),
            ("payments", PaymentsSchema.Scripts),
            ("shipping", ShippingSchema.Scripts),
            ("notifications", NotificationsSchema.Scripts),
        };
        foreach (var (schema, build) in scripts)
        {
            await ExecuteAsync(Database, $"CREATE SCHEMA {schema};");
            foreach (var script in build(new SagaHubTables(SagaStoreProvider.PostgreSql, schema)))
            {
                await ExecuteAsync(Database, script.Sql);
            }
        }

        // An order of 2 x SKU-RED at 10.00 that completed and got 5.00 back for 1 SKU-RED returned and restocked; one that was charged 7.00, then cancelled and paid back.
        await ExecuteAsync(Database, $$"""
            INSERT INTO orders.sagas (saga_type, saga_id, state, is_final, data, version, last_sequence, definition_version, compensations, created_at, updated_at) VALUES
              ('OrderSaga', '{{Completed}}', 'Completed', true, '{"total": 20.00, "lines": [{"sku": "SKU-RED", "quantity": 2}]}', 2, 2, 1, '[]', now(), now()),
              ('OrderSaga', '{{Cancelled}}', 'Cancelled', true, '{"total": 7.00, "lines": [{"sku": "SKU-RED", "quantity": 1}]}', 2, 2, 1, '[]', now(), now()),
              ('RefundSaga', '{{Refund}}', 'Refunded', true, '{"orderId": "{{Completed}}", "amount": 5.00, "returnedLines": [{"sku": "SKU-RED", "quantity": 1, "unitPrice": 10.00}]}', 1, 1, 1, '[]', now(), now());
            INSERT INTO orders.saga_history (saga_type, saga_id, sequence, from_state, to_state, trigger, at, kind) VALUES
              ('OrderSaga', '{{Completed}}', 1, 'Initial', 'Reserving', 'OrderSubmitted', now(), 'Transition'),
              ('OrderSaga', '{{Completed}}', 2, 'Shipping', 'Completed', 'OrderShipped', now(), 'Transition'),
              ('OrderSaga', '{{Cancelled}}', 1, 'Initial', 'Reserving', 'OrderSubmitted', now(), 'Transition'),
              ('OrderSaga', '{{Cancelled}}', 2, 'Compensating', 'Cancelled', 'PaymentRefunded', now(), 'Transition'),
              ('RefundSaga', '{{Refund}}', 1, 'Restocking', 'Refunded', 'ItemsRestocked', now(), 'Transition');
            INSERT INTO payments.ledger (kind, order_id, refund_id, amount, idempotency_key, recorded_at) VALUES
              ('Charge', '{{Completed}}', NULL, 20.00, 'charge-1', now()),
              ('Refund', '{{Completed}}', '{{Refund}}', 5.00, 'payback-1', now()),
              ('Charge', '{{Cancelled}}', NULL, 7.00, 'charge-2', now()),
              ('Refund', '{{Cancelled}}', NULL, 7.00, 'refund-2', now());
            INSERT INTO shipping.shipments (order_id, customer_id, sequence, tracking, shipped_at) VALUES ('{{Completed}}', 'c', 1, 'T1', now());
            INSERT INTO inventory.stock (sku, on_hand) VALUES ('SKU-RED', 99);
            INSERT INTO inventory.restocks (refund_id, order_id, lines, restocked_at) VALUES ('{{Refund}}', '{{Completed}}', '{"SKU-RED": 1}', now());
            """);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(Admin, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
    }

    [Fact]
    public async Task CheckAsync_ConsistentWorld_Passes()
    {
        var report = await CheckAsync();

        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Violations));
        Assert.Equal((3, 0, 0, 0), (report.Sagas, report.Lost, report.DuplicatedEffects, report.Stuck));
    }

    [Theory]
    [InlineData("DELETE FROM orders.saga_history WHERE saga_id = '00000000-0000-0000-0000-00000000c001' AND sequence = 1", "history sequences 2..2 in 1 rows")]
    [InlineData("UPDATE orders.sagas SET is_final = false, state = 'Charging' WHERE saga_id = '00000000-0000-0000-0000-00000000c002'", "stuck in Charging")]
    [InlineData("UPDATE orders.sagas SET state = 'NeedsAttention' WHERE saga_id = '00000000-0000-0000-0000-00000000c002'", "ended in NeedsAttention")]
    [InlineData("DELETE FROM payments.ledger WHERE idempotency_key = 'refund-2'", "Cancelled with total 7.00, but the ledger nets to 7.00 (expected 0)")]
    [InlineData("DELETE FROM payments.ledger WHERE idempotency_key = 'payback-1'", "Refunded, but the ledger holds 0 paid back")]
    [InlineData("INSERT INTO payments.ledger (kind, order_id, amount, idempotency_key, recorded_at) VALUES ('Charge', '00000000-0000-0000-0000-00000000c001', 20.00, 'charge-1-again', now())", "charged 2 times")]
    [InlineData("INSERT INTO payments.ledger (kind, order_id, amount, idempotency_key, recorded_at) VALUES ('Charge', '00000000-0000-0000-0000-0000000000aa', 1.00, 'stray', now())", "ledger entries for order 00000000-0000-0000-0000-0000000000aa, which has no saga")]
    [InlineData("DELETE FROM shipping.shipments", "Completed without a shipment")]
    [InlineData("UPDATE inventory.stock SET on_hand = 98", "stock SKU-RED: initial 100, but on hand 98 + shipped 2 - restocked 1 = 99")]
    [InlineData("INSERT INTO payments.outbox (message_id, source, correlation_id, message_type, body, created_at) VALUES (gen_random_uuid(), 's', gen_random_uuid(), 't', '{}', now())", "payments.outbox: 1 message(s) not delivered")]
    [InlineData("INSERT INTO orders.human_tasks (task_id, saga_type, saga_id, name, state, assignee, created_at, due_at, escalated, status) VALUES (gen_random_uuid(), 'RefundSaga', '00000000-0000-0000-0000-00000000f001', 'Approve refund', 'AwaitingApproval', 'x', now(), now(), false, 'Open')", "ended with its task still open")]
    [InlineData("INSERT INTO notifications.notifications (notification_key, message_id, reference_id, recipient, subject, text, sent_at) VALUES ('k1', gen_random_uuid(), gen_random_uuid(), 'r', 'Shipped', 't', now()), ('k2', gen_random_uuid(), (SELECT reference_id FROM notifications.notifications LIMIT 1), 'r', 'Shipped', 't', now())", "notification sent more than once")]
    public async Task CheckAsync_EachKindOfDamage_IsReported(string damage, string expected)
    {
        if (damage.Contains("notifications.notifications", StringComparison.Ordinal))
        {
            // The second row names the first's reference: seed one the sub-select can find.
            await ExecuteAsync(Database, "INSERT INTO notifications.notifications (notification_key, message_id, reference_id, recipient, subject, text, sent_at) VALUES ('k0', gen_random_uuid(), gen_random_uuid(), 'r', 'Shipped', 't', now())");
        }

        await ExecuteAsync(Database, damage);

        var report = await CheckAsync();

        Assert.False(report.Passed);
        Assert.Contains(report.Violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public async Task CheckAsync_RestockOfARefundWhosePaybackFailed_IsReported()
    {
        // A second refund of the completed order that payments refused (it parked, then an operator rejected it), restocked all the same.
        var refused = Guid.NewGuid();
        await ExecuteAsync(Database, $$"""
            INSERT INTO orders.sagas (saga_type, saga_id, state, is_final, data, version, last_sequence, definition_version, compensations, created_at, updated_at) VALUES
              ('RefundSaga', '{{refused}}', 'Rejected', true, '{"orderId": "{{Completed}}", "amount": 30.00, "returnedLines": [{"sku": "SKU-RED", "quantity": 1}]}', 1, 1, 1, '[]', now(), now());
            INSERT INTO orders.saga_history (saga_type, saga_id, sequence, from_state, to_state, trigger, at, kind) VALUES
              ('RefundSaga', '{{refused}}', 1, 'Refunding', 'Rejected', 'Fault<IssueRefund>', now(), 'Transition');
            INSERT INTO inventory.restocks (refund_id, order_id, lines, restocked_at) VALUES ('{{refused}}', '{{Completed}}', '{"SKU-RED": 1}', now());
            UPDATE inventory.stock SET on_hand = 100;
            """);

        var report = await Invariants.CheckAsync(Database, new Dictionary<Guid, OrderPlan>(), [Refund, refused], Stock, CancellationToken.None);

        Assert.Contains($"refund {refused}: restocked SKU-RED x1, but it is Rejected without a payback that lets it restock", report.Violations);
        Assert.Contains("stock SKU-RED: initial 100, but on hand 100 + shipped 2 - restocked 1 = 101", report.Violations);
    }

    [Fact]
    public async Task CheckAsync_RestockOtherThanTheReturnedLines_IsReported()
    {
        await ExecuteAsync(Database, """UPDATE inventory.restocks SET lines = '{"SKU-RED": 2}'; UPDATE inventory.stock SET on_hand = 100""");

        var report = await CheckAsync();

        Assert.Contains($"refund {Refund}: Refunded with SKU-RED x1 returned, but restocked SKU-RED x2", report.Violations);
        Assert.Contains("stock SKU-RED: initial 100, but on hand 100 + shipped 2 - restocked 1 = 101", report.Violations);
    }

    [Fact]
    public async Task CheckAsync_RefundWithNoReturnedLinesAndNoRestock_Passes()
    {
        await ExecuteAsync(Database, $$"""
            UPDATE orders.sagas SET data = '{"orderId": "{{Completed}}", "amount": 5.00}' WHERE saga_id = '{{Refund}}';
            DELETE FROM inventory.restocks;
            UPDATE inventory.stock SET on_hand = 98;
            """);

        var report = await CheckAsync();

        Assert.True(report.Passed, string.Join(Environment.NewLine, report.Violations));
    }

    [Fact]
    public async Task CheckAsync_PaidBackRefundWithReturnedLinesButNoRestock_IsReported()
    {
        await ExecuteAsync(Database, "DELETE FROM inventory.restocks; UPDATE inventory.stock SET on_hand = 98");

        var report = await CheckAsync();

        Assert.Contains($"refund {Refund}: Refunded with SKU-RED x1 returned, but restocked nothing", report.Violations);
    }

    [Fact]
    public async Task CheckAsync_AcceptedOrderWithoutASaga_CountsAsLost()
    {
        var missing = Guid.NewGuid();
        var accepted = new Dictionary<Guid, OrderPlan> { [missing] = new(0, "c", "SKU-RED", 1, 1m, null, RefundDecision.Auto) };

        var report = await Invariants.CheckAsync(Database, accepted, [], Stock, CancellationToken.None);

        Assert.Equal(1, report.Lost);
        Assert.Contains($"saga {missing}: accepted (202) but no saga exists", report.Violations);
    }

    private Task<InvariantReport> CheckAsync() => Invariants.CheckAsync(Database, new Dictionary<Guid, OrderPlan>(), [Refund], Stock, CancellationToken.None);

    private static string Connection(string db) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Database = db,
        Username = Environment.GetEnvironmentVariable("PG_USER") is { Length: > 0 } u ? u : "sagahub",
        Password = Environment.GetEnvironmentVariable("PG_PASS") is { Length: > 0 } p ? p : "sagahub",
        SslMode = SslMode.Disable,
    }.ConnectionString;

    private static async Task ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
