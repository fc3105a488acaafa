using System.Globalization;
using System.Text.Json;
using Npgsql;

namespace SagaHub.Faults;

/// <summary>What the databases say after a scenario: the counts of the table and every invariant that failed.</summary>
internal sealed record InvariantReport(int Sagas, int Lost, int DuplicatedEffects, int Stuck, IReadOnlyList<string> Violations)
{
    public bool Passed => Violations.Count == 0;
}

/// <summary>
/// The invariants, checked from the scenario's database once its sagas have ended:
/// every saga final and none needing attention; every accepted order and refund has its saga; per order the payments
/// ledger nets to the order's total less its refunds for Completed, to zero otherwise; no charge, payback or
/// compensation twice; shipments exactly for Completed orders; a restock exactly of the returned lines of each
/// refund paid back (Refunded), none for any other; stock conserved (initial = on hand + shipped − returned lines of
/// the refunds paid back); each saga's history gap-free from 1 up to its last sequence; no outbox row left undelivered; no open
/// task of an ended saga; no notification sent twice.
/// </summary>
internal static class Invariants
{
    public static readonly string[] Schemas = ["orders", "inventory", "payments", "shipping", "notifications"];

    public static async Task<InvariantReport> CheckAsync(
        string connectionString,
        IReadOnlyDictionary<Guid, OrderPlan> acceptedOrders,
        IReadOnlyCollection<Guid> acceptedRefunds,
        IReadOnlyDictionary<string, int> initialStock,
        CancellationToken cancellationToken)
    {
        await using var db = NpgsqlDataSource.Create(connectionString);
        var violations = new List<string>();
        var duplicated = 0;
        void Violation(string text) => violations.Add(text);
        void Duplicate(string text)
        {
            duplicated++;
            violations.Add(text);
        }

        var sagas = await ReadAsync(db, "SELECT saga_type, saga_id, state, is_final, last_sequence, data::text FROM orders.sagas", r =>
            new Saga(r.GetString(0), r.GetGuid(1), r.GetString(2), r.GetBoolean(3), r.GetInt64(4), r.GetString(5)), cancellationToken);
        var orders = sagas.Where(s => s.Type == "OrderSaga").ToDictionary(s => s.Id);
        var refunds = sagas.Where(s => s.Type == "RefundSaga").ToDictionary(s => s.Id);

        // Lost: accepted, and no saga or no end.
        var lost = 0;
        foreach (var id in acceptedOrders.Keys.Where(id => !orders.ContainsKey(id)).Concat(acceptedRefunds.Where(id => !refunds.ContainsKey(id))))
        {
            lost++;
            Violation($"saga {id}: accepted (202) but no saga exists");
        }

        var stuck = 0;
        foreach (var saga in sagas.Where(s => !s.Final || s.State == "NeedsAttention"))
        {
            stuck++;
            if (acceptedOrders.ContainsKey(saga.Id) || acceptedRefunds.Contains(saga.Id))
            {
                lost++;
            }

            Violation($"{saga.Type} {saga.Id}: {(saga.Final ? "ended in" : "stuck in")} {saga.State}");
        }

        // History: 1..last_sequence, no gaps, no more.
        var history = (await ReadAsync(db, "SELECT saga_type, saga_id, count(*), min(sequence), max(sequence) FROM orders.saga_history GROUP BY saga_type, saga_id", r =>
            (Key: (r.GetString(0), r.GetGuid(1)), Count: r.GetInt64(2), Min: r.GetInt64(3), Max: r.GetInt64(4)), cancellationToken)).ToDictionary(h => h.Key);
        foreach (var saga in sagas)
        {
            if (!history.TryGetValue((saga.Type, saga.Id), out var h))
            {
                Violation($"{saga.Type} {saga.Id}: no history");
            }
            else if (h.Min != 1 || h.Max != h.Count || h.Max != saga.LastSequence)
            {
                Violation($"{saga.Type} {saga.Id}: history sequences {h.Min}..{h.Max} in {h.Count} rows, saga's last sequence {saga.LastSequence}");
            }
        }

        // Payments: the ledger against the sagas.
        var ledger = await ReadAsync(db, "SELECT kind, order_id, refund_id, amount, idempotency_key FROM payments.ledger", r =>
            new Entry(r.GetString(0), r.GetGuid(1), r.IsDBNull(2) ? null : r.GetGuid(2), r.GetDecimal(3), r.GetString(4)), cancellationToken);
        foreach (var key in ledger.GroupBy(e => e.Key).Where(g => g.Count() > 1))
        {
            Duplicate($"payments: idempotency key {key.Key} recorded {key.Count()} times");
        }

        var refundedByOrder = new Dictionary<Guid, decimal>();
        var returnedByRefund = new Dictionary<Guid, Dictionary<string, int>>(); // what each paid-back refund must restock
        foreach (var refund in refunds.Values)
        {
            var data = JsonDocument.Parse(refund.Data).RootElement;
            var orderId = Property(data, "orderId").GetGuid();
            var amount = Property(data, "amount").GetDecimal();
            var paybacks = ledger.Where(e => e.Kind == "Refund" && e.RefundId == refund.Id).ToList();
            if (paybacks.Count > 1)
            {
                Duplicate($"refund {refund.Id}: paid back {paybacks.Count} times");
            }

            if (refund.State == "Refunded" && paybacks.Count > 0)
            {
                returnedByRefund[refund.Id] = ReturnedLines(data);
            }

            if (refund.State == "Refunded")
            {
                refundedByOrder[orderId] = refundedByOrder.GetValueOrDefault(orderId) + amount;
                if (paybacks.Count == 0 || paybacks[0].Amount != amount)
                {
                    Violation($"refund {refund.Id}: Refunded, but the ledger holds {paybacks.Sum(p => p.Amount)} paid back, not {amount}");
                }
            }
            else if (refund.Final && paybacks.Count > 0)
            {
                Violation($"refund {refund.Id}: {refund.State}, but the ledger holds a payback of {paybacks.Sum(p => p.Amount)}");
            }
        }

        var shipments = (await ReadAsync(db, "SELECT order_id FROM shipping.shipments", r => r.GetGuid(0), cancellationToken)).ToHashSet();
        var shipped = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var order in orders.Values.Where(o => o.Final))
        {
            var data = JsonDocument.Parse(order.Data).RootElement;
            var total = Property(data, "total").GetDecimal();
            var entries = ledger.Where(e => e.OrderId == order.Id).ToList();
            var charges = entries.Count(e => e.Kind == "Charge");
            var compensations = entries.Count(e => e.Kind == "Refund" && e.RefundId is null);
            if (charges > 1)
            {
                Duplicate($"order {order.Id}: charged {charges} times");
            }

            if (compensations > 1)
            {
                Duplicate($"order {order.Id}: payment compensated {compensations} times");
            }

            var net = entries.Sum(e => e.Kind == "Charge" ? e.Amount : -e.Amount);
            var expected = order.State == "Completed" ? total - refundedByOrder.GetValueOrDefault(order.Id) : 0m;
            if (net != expected)
            {
                Violation(string.Create(CultureInfo.InvariantCulture, $"order {order.Id}: {order.State} with total {total}, but the ledger nets to {net} (expected {expected})"));
            }

            var hasShipment = shipments.Contains(order.Id);
            if (hasShipment != (order.State == "Completed"))
            {
                Violation($"order {order.Id}: {order.State} {(hasShipment ? "with" : "without")} a shipment");
            }

            if (order.State == "Completed")
            {
                foreach (var line in Property(data, "lines").EnumerateArray())
                {
                    var sku = Property(line, "sku").GetString()!;
                    shipped[sku] = shipped.GetValueOrDefault(sku) + Property(line, "quantity").GetInt32();
                }
            }
        }

        foreach (var orderId in ledger.Select(e => e.OrderId).Distinct().Where(id => !orders.ContainsKey(id)))
        {
            Violation($"payments: ledger entries for order {orderId}, which has no saga");
        }

        // Restocks: exactly the returned lines of the refunds paid back (Refunded), none for any other refund.
        var restocks = (await ReadAsync(db, "SELECT refund_id, lines::text FROM inventory.restocks", r => (RefundId: r.GetGuid(0), Lines: r.GetString(1)), cancellationToken))
            .ToDictionary(r => r.RefundId, r => ByName(JsonDocument.Parse(r.Lines).RootElement)); // {"SKU-RED": 2}: quantity by SKU
        foreach (var (refundId, lines) in restocks.Where(r => !returnedByRefund.ContainsKey(r.Key)))
        {
            Violation($"refund {refundId}: restocked {Text(lines)}, but it is {(refunds.TryGetValue(refundId, out var saga) ? saga.State : "no saga")} without a payback that lets it restock");
        }

        foreach (var (refundId, returned) in returnedByRefund)
        {
            var done = restocks.GetValueOrDefault(refundId) ?? new Dictionary<string, int>(StringComparer.Ordinal);
            if (!Text(done).Equals(Text(returned), StringComparison.Ordinal))
            {
                Violation($"refund {refundId}: Refunded with {Text(returned)} returned, but restocked {Text(done)}");
            }
        }

        // Stock: initial = on hand + shipped - returned (by the refunds paid back), per SKU.
        var onHand = (await ReadAsync(db, "SELECT sku, on_hand FROM inventory.stock", r => (r.GetString(0), r.GetInt32(1)), cancellationToken)).ToDictionary(s => s.Item1, s => s.Item2);
        var restocked = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (sku, quantity) in returnedByRefund.Values.SelectMany(r => r))
        {
            restocked[sku] = restocked.GetValueOrDefault(sku) + quantity;
        }

        foreach (var (sku, initial) in initialStock)
        {
            var now = onHand.GetValueOrDefault(sku);
            var accounted = now + shipped.GetValueOrDefault(sku) - restocked.GetValueOrDefault(sku);
            if (accounted != initial)
            {
                Violation($"stock {sku}: initial {initial}, but on hand {now} + shipped {shipped.GetValueOrDefault(sku)} - restocked {restocked.GetValueOrDefault(sku)} = {accounted}");
            }
        }

        foreach (var schema in Schemas)
        {
            // Called after the runner waited for the outboxes to empty: any row left was not delivered.
            var left = await ScalarAsync(db, $"SELECT count(*) FROM {schema}.outbox", cancellationToken);
            if (left > 0)
            {
                var age = await ScalarAsync(db, $"SELECT extract(epoch FROM now() - min(created_at))::bigint FROM {schema}.outbox", cancellationToken);
                // What they are and whether a sweep holds them, so a failure can be diagnosed from the report alone.
                var rows = await ReadAsync(db, $"SELECT message_type, count(*), count(claimed_until), count(failed_at) FROM {schema}.outbox GROUP BY message_type ORDER BY 1", r => $"{r.GetString(0)[(r.GetString(0).LastIndexOf('.') + 1)..]} ×{r.GetInt64(1)} ({r.GetInt64(2)} claimed, {r.GetInt64(3)} parked)", cancellationToken);
                Violation($"{schema}.outbox: {left} message(s) not delivered, the oldest {age} s old: {string.Join(", ", rows)}");
            }
        }

        foreach (var task in await ReadAsync(db, "SELECT t.task_id, t.saga_type, t.saga_id FROM orders.human_tasks t JOIN orders.sagas s USING (saga_type, saga_id) WHERE t.status = 'Open' AND s.is_final", r => $"{r.GetString(1)} {r.GetGuid(2)} (task {r.GetGuid(0)})", cancellationToken))
        {
            Violation($"{task}: ended with its task still open");
        }

        foreach (var twice in await ReadAsync(db, "SELECT reference_id, subject, count(*) FROM notifications.notifications GROUP BY reference_id, subject HAVING count(*) > 1", r => $"{r.GetGuid(0)} '{r.GetString(1)}' x{r.GetInt64(2)}", cancellationToken))
        {
            Duplicate($"notification sent more than once: {twice}");
        }

        return new InvariantReport(sagas.Count, lost, duplicated, stuck, violations);
    }

    /// <summary>A refund saga's returned lines (<c>returnedLines</c>; none when the data has no such field), summed by SKU.</summary>
    private static Dictionary<string, int> ReturnedLines(JsonElement data)
    {
        var returned = new Dictionary<string, int>(StringComparer.Ordinal);
        var lines = data.EnumerateObject().FirstOrDefault(p => string.Equals(p.Name, "returnedLines", StringComparison.OrdinalIgnoreCase)).Value;
        if (lines.ValueKind == JsonValueKind.Array)
        {
            foreach (var line in lines.EnumerateArray())
            {
                var sku = Property(line, "sku").GetString()!;
                returned[sku] = returned.GetValueOrDefault(sku) + Property(line, "quantity").GetInt32();
            }
        }

        return returned;
    }

    private static Dictionary<string, int> ByName(JsonElement quantities) =>
        quantities.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32(), StringComparer.Ordinal);

    /// <summary>Quantities by SKU as text, sorted (<c>SKU-RED x2</c>), <c>nothing</c> when empty.</summary>
    private static string Text(IReadOnlyDictionary<string, int> quantities) =>
        quantities.Count(q => q.Value != 0) == 0
            ? "nothing"
            : string.Join(", ", quantities.Where(q => q.Value != 0).OrderBy(q => q.Key, StringComparer.Ordinal).Select(q => $"{q.Key} x{q.Value}"));

    private static JsonElement Property(JsonElement element, string name)
    {
        foreach (var property in element.EnumerateObject())
        {
            if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                return property.Value;
            }
        }

        throw new InvalidOperationException($"No '{name}' in {element.GetRawText()}");
    }

    private static async Task<List<T>> ReadAsync<T>(NpgsqlDataSource db, string sql, Func<NpgsqlDataReader, T> map, CancellationToken cancellationToken)
    {
        var rows = new List<T>();
#pragma warning disable CA2100 // Fixed SQL of this file; schema names come from Schemas.
        await using var command = db.CreateCommand(sql);
#pragma warning restore CA2100
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    private static async Task<long> ScalarAsync(NpgsqlDataSource db, string sql, CancellationToken cancellationToken)
    {
#pragma warning disable CA2100 // Fixed SQL of this file; schema names come from Schemas.
        await using var command = db.CreateCommand(sql);
#pragma warning restore CA2100
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private sealed record Saga(string Type, Guid Id, string State, bool Final, long LastSequence, string Data);

    private sealed record Entry(string Kind, Guid OrderId, Guid? RefundId, decimal Amount, string Key);
}
