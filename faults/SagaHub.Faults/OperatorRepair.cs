using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace SagaHub.Faults;

/// <summary>
/// The operator-repair scenario: at the fault point payments is killed and stays down until orders park in
/// <c>NeedsAttention</c> (their charge timed out, then the refund that compensates it was not confirmed in time;
/// refunds whose payback timed out park too, when some were under way), is started again, and the runner repairs
/// every parked saga the way an operator would, through the management API's batch action (<c>POST /sagahub/batch</c>,
/// by <see cref="By"/> with a reason), round after round while the load goes on, until the load is done and every
/// saga is final. The invariants then check that the repair charged, refunded and released nothing twice.
/// </summary>
/// <remarks>
/// A parked order is repaired by <c>cancel</c> to <c>Cancelled</c>, not by <c>resume</c>: it parked from the
/// compensating state, which resume never re-enters (docs/architecture.md, operator actions), so the management API
/// finds no state to default to and refuses a resume without one; and a resume to <c>Charging</c> would re-send the
/// charge with its key: payments usually captured that charge after its restart and then paid it back (the refund
/// comes after it in its queue), so it answers PaymentCaptured from its ledger and the order completes with nothing charged.
/// Cancel runs the undo steps left on the saga's stack again, newest first, with their idempotency keys (payments
/// answers the refund from its ledger), then ends the order Cancelled. A parked refund (its payback not confirmed in
/// time) is resumed: the API re-enters the state it parked from, which re-sends the payback with the same key.
/// </remarks>
internal static class OperatorRepair
{
    public const string By = "faults runner";

    /// <summary>The saga hosts' step and compensation timeouts in this scenario: short, so orders park within the run.</summary>
    public static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(8);
    public static readonly TimeSpan CompensationTimeout = TimeSpan.FromSeconds(8);

    /// <summary>
    /// How many times one saga may be repaired: a repaired order parks again when payments, just restarted with a
    /// backlog, does not confirm the re-sent refund within the compensation timeout; one that parks each time is a
    /// repair that does not hold.
    /// </summary>
    private const int MaxRepairs = 3;

    /// <summary>How long the sagas may take to all be final once the load is done.</summary>
    private static readonly TimeSpan AfterLoad = TimeSpan.FromSeconds(90);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static readonly Repair[] Repairs =
    [
        new("OrderSaga", "cancel", "Cancelled", "payments is back: re-run the undo steps that timed out"),
        new("RefundSaga", "resume", null, "payments is back: re-send the payback"),
    ];

    public static string Faults { get; } = string.Create(CultureInfo.InvariantCulture,
        $"payments killed until orders park in NeedsAttention ({StepTimeout.TotalSeconds:0} s step, {CompensationTimeout.TotalSeconds:0} s compensation timeouts), restarted; every parked saga repaired through the batch API during the load");

    public static IReadOnlyDictionary<string, string> HostSettings { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["OrderSaga__StepTimeout"] = StepTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["OrderSaga__CompensationTimeout"] = CompensationTimeout.ToString("c", CultureInfo.InvariantCulture),
        ["RefundSaga__StepTimeout"] = StepTimeout.ToString("c", CultureInfo.InvariantCulture),
    };

    public static async Task InjectAsync(FaultContext c)
    {
        var ct = c.CancellationToken;
        using var api = new HttpClient { BaseAddress = new Uri(c.Cluster.Apis[0], "/sagahub/"), Timeout = TimeSpan.FromSeconds(30) };
        api.DefaultRequestHeaders.Add("X-Api-Key", Cluster.ApiKey);

        await c.Cluster.KillAsync("payments");
        var down = Stopwatch.StartNew();
        var parkWait = StepTimeout + CompensationTimeout + TimeSpan.FromSeconds(60);
        while ((await ListAsync(api, "type=OrderSaga&parked=true&limit=1", ct)).Count == 0)
        {
            if (down.Elapsed > parkWait)
            {
                throw new InvalidOperationException($"operator-repair: no order parked within {parkWait.TotalSeconds:0} s of payments going down; the scenario would prove nothing.");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        c.Say($"  orders park in NeedsAttention after {down.Elapsed.TotalSeconds:0.0} s without payments; starting payments again");
        await c.Cluster.RestartAsync("payments", ct);

        var refused = await BatchAsync(api, new Repair("OrderSaga", "resume", null, "would a resume repair the parked orders?"), dryRun: true, ct);
        c.Say($"  batch resume of the parked orders (dry run): {refused.Applied} of {refused.Matched} would apply"
            + (refused.Items.FirstOrDefault(i => i.Detail is not null)?.Detail is { } why ? $" ({why})" : string.Empty) + $"; they are repaired by {Repairs[0].Kind} to {Repairs[0].State}");

        var repaired = Repairs.ToDictionary(r => r.Type, _ => new Dictionary<Guid, int>(), StringComparer.Ordinal); // times each saga was repaired
        var failed = 0;
        var rounds = 0;
        Stopwatch? sinceLoad = null;
        while (true)
        {
            foreach (var repair in Repairs)
            {
                var dry = await BatchAsync(api, repair, dryRun: true, ct);
                if (dry.Matched == 0)
                {
                    continue;
                }

                // Payments stays up from here on: a saga that parks again after its repairs was not repaired.
                var again = dry.Items.Where(i => repaired[repair.Type].GetValueOrDefault(i.Id) >= MaxRepairs).Select(i => i.Id).ToList();
                if (again.Count > 0)
                {
                    throw new InvalidOperationException($"operator-repair: {again.Count} {repair.Type} parked again after {MaxRepairs} batch {repair.Kind}s each, so the repair does not hold: {string.Join(", ", again.Take(5))}");
                }

                var result = await BatchAsync(api, repair, dryRun: false, ct);
                rounds++;
                foreach (var item in result.Items.Where(i => i.Outcome is "applied" or "already-applied"))
                {
                    repaired[repair.Type][item.Id] = repaired[repair.Type].GetValueOrDefault(item.Id) + 1;
                }

                failed += result.Failed; // a saga that moved meanwhile (conflict, rejected) is matched again next round if still parked
                c.Say($"  batch {repair.Kind}{(repair.State is null ? string.Empty : " " + repair.State)} of parked {repair.Type}: {dry.Applied} of {dry.Matched} would apply (dry run); "
                    + $"{result.Applied} of {result.Matched} applied{(result.Failed == 0 ? string.Empty : $", {result.Failed} not ({string.Join("; ", result.Items.Where(i => i.Outcome is not ("applied" or "already-applied")).Select(i => $"{i.Id} {i.Outcome}: {i.Detail}").Take(3))})")}");
            }

            if (c.Load.IsCompleted)
            {
                sinceLoad ??= Stopwatch.StartNew();
                var open = await ListAsync(api, "final=false&limit=20", ct);
                if (open.Count == 0)
                {
                    break;
                }

                if (sinceLoad.Elapsed > AfterLoad)
                {
                    throw new InvalidOperationException($"operator-repair: {AfterLoad.TotalSeconds:0} s after the load, sagas are still not final: "
                        + string.Join(", ", open.Select(s => $"{s.Type} {s.Id} in {s.State}{(s.IsParked ? " (parked)" : string.Empty)}")));
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(1), ct);
        }

        var audited = await CheckAuditedAsync(api, repaired, ct);
        var orders = repaired["OrderSaga"].Count;
        var reparked = repaired.Values.Sum(r => r.Values.Count(n => n > 1));
        c.Say($"  repaired through POST /sagahub/batch in {rounds} batch(es): {orders} parked orders cancelled (undo steps re-run), "
            + $"{repaired["RefundSaga"].Count} parked refunds resumed; {reparked} parked again before payments caught up and were repaired again, {failed} left for a later round (conflict, refused); every saga is final; "
            + $"each of the {audited} repaired sagas' history records the action by '{By}' with its reason and what it sent");
        if (orders == 0)
        {
            throw new InvalidOperationException("operator-repair: no parked order was repaired by the batch action; the scenario proved nothing.");
        }
    }

    /// <summary>
    /// Every repaired saga ended where its repair leads (cancelled orders in <c>Cancelled</c>, resumed refunds final) and its
    /// history holds the audit of the action: an <c>OperatorAction</c> row naming who, why and what was sent.
    /// </summary>
    /// <returns>How many sagas were checked.</returns>
    private static async Task<int> CheckAuditedAsync(HttpClient api, Dictionary<string, Dictionary<Guid, int>> repaired, CancellationToken ct)
    {
        var checkedSagas = 0;
        foreach (var repair in Repairs)
        {
            foreach (var id in repaired[repair.Type].Keys)
            {
                using var response = await api.GetAsync($"sagas/{repair.Type}/{id}", ct);
                var detail = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<SagaDetail>(Json, ct) : null;
                if (detail is null)
                {
                    throw new InvalidOperationException($"operator-repair: GET /sagahub/sagas/{repair.Type}/{id} of a repaired saga answered {(int)response.StatusCode}.");
                }

                if (!detail.IsFinal || (repair.State is { } state && detail.State != state))
                {
                    throw new InvalidOperationException($"operator-repair: {repair.Type} {id} was repaired by {repair.Kind}{(repair.State is null ? string.Empty : " to " + repair.State)} but is in {detail.State}.");
                }

                var audits = detail.History.Where(h => h.Kind == "OperatorAction").Select(h => h.Detail ?? string.Empty).ToList();
                if (!audits.Any(a => a.Contains($"by {By}: {repair.Reason}; ", StringComparison.Ordinal)))
                {
                    throw new InvalidOperationException($"operator-repair: the history of {repair.Type} {id} holds no audit of its {repair.Kind} by '{By}' (operator rows: {(audits.Count == 0 ? "none" : string.Join(" | ", audits))}).");
                }

                checkedSagas++;
            }
        }

        return checkedSagas;
    }

    private static async Task<BatchResult> BatchAsync(HttpClient api, Repair repair, bool dryRun, CancellationToken ct)
    {
        var body = new
        {
            filter = new Dictionary<string, string>(StringComparer.Ordinal) { ["type"] = repair.Type, ["parked"] = "true" },
            action = new { kind = repair.Kind, state = repair.State, by = By, reason = repair.Reason },
            dryRun,
            cap = 1000,
        };
        using var response = await api.PostAsJsonAsync("batch", body, Json, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"operator-repair: POST /sagahub/batch ({repair.Kind} {repair.Type}, dry run {dryRun}) answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }

        return await response.Content.ReadFromJsonAsync<BatchResult>(Json, ct)
            ?? throw new InvalidOperationException("operator-repair: POST /sagahub/batch answered without a body.");
    }

    private static async Task<IReadOnlyList<SagaRow>> ListAsync(HttpClient api, string query, CancellationToken ct)
    {
        using var response = await api.GetAsync($"sagas?{query}", ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"operator-repair: GET /sagahub/sagas?{query} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }

        return (await response.Content.ReadFromJsonAsync<SagaPage>(Json, ct))?.Items ?? [];
    }

    /// <summary>One batch action for the parked sagas of a type.</summary>
    private sealed record Repair(string Type, string Kind, string? State, string Reason);

    private sealed record BatchResult(int Matched, int Applied, int Failed, IReadOnlyList<BatchItem> Items);

    private sealed record BatchItem(string Type, Guid Id, string Outcome, string? To, string? Detail);

    private sealed record SagaPage(IReadOnlyList<SagaRow> Items);

    private sealed record SagaRow(string Type, Guid Id, string State, bool IsParked);

    private sealed record SagaDetail(string State, bool IsFinal, IReadOnlyList<HistoryRow> History);

    private sealed record HistoryRow(string Kind, string? Detail);
}
