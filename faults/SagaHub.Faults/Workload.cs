using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;

namespace SagaHub.Faults;

/// <summary>What a person does with the approval task of a refund above the auto-approve limit.</summary>
internal enum RefundDecision
{
    /// <summary>Up to the limit: approved by the saga, no task.</summary>
    Auto,
    Approve,
    Reject,

    /// <summary>Nobody decides: the task escalates, then expires, and the refund is rejected.</summary>
    Expire,
}

/// <summary>One planned order: who orders what, and the refund asked for once it completed (if any) with the units of its SKU returned.</summary>
internal sealed record OrderPlan(int Index, string Customer, string Sku, int Quantity, decimal UnitPrice, decimal? Refund, RefundDecision Decision, int Returned = 0)
{
    public decimal Total => Quantity * UnitPrice;
}

/// <summary>
/// The load of one scenario, through the Orders HTTP API: orders submitted at a fixed rate (round robin over the
/// APIs, retried while an API or the broker is down), a mix that takes every path of the order saga; refunds asked
/// for once their orders completed; approval tasks approved or rejected through the API (by every API at once, so
/// the decisions race), or left to expire. The saga states it waits on are read from the saga database.
/// </summary>
internal sealed class Workload(IReadOnlyList<Uri> apis, string sagaDatabase, Action<string> say)
{
    public const string DeclinedCustomer = "cust-declined";
    public const string PaymentDownCustomer = "cust-payment-down";
    public const string UnshippableCustomer = "cust-unshippable";
    public const string Approver = "fault-suite";

    /// <summary>The refund saga's decision and escalation windows, compressed so that unattended tasks expire within the run.</summary>
    public static readonly TimeSpan DecisionDue = TimeSpan.FromSeconds(6);
    public static readonly TimeSpan EscalationWindow = TimeSpan.FromSeconds(4);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient[] clients = [.. apis.Select(NewClient)];
    private readonly ConcurrentDictionary<Guid, OrderPlan> orders = new();
    private readonly ConcurrentDictionary<Guid, OrderPlan> refunds = new();
    private readonly ConcurrentBag<string> violations = [];
    private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int retries;
    private bool submitted;
    private int next;
    private int decisions;

    /// <summary>Orders the API accepted (202), by id.</summary>
    public IReadOnlyDictionary<Guid, OrderPlan> Orders => orders;

    /// <summary>Refunds the API accepted (202), by refund id, with their order's plan.</summary>
    public IReadOnlyDictionary<Guid, OrderPlan> Refunds => refunds;

    /// <summary>Requests retried because an API, the broker or the database did not answer.</summary>
    public int Retries => retries;

    /// <summary>Task decisions accepted (202).</summary>
    public int Decisions => decisions;

    /// <summary>What the load itself saw go wrong (a 4xx for a valid request, two decisions accepted for one task).</summary>
    public IReadOnlyCollection<string> Violations => violations;

    /// <summary>Completes when <paramref name="fraction"/> of the orders were accepted (set by <see cref="RunAsync"/>).</summary>
    public Task Reached => reached.Task;

    /// <summary>
    /// The plan: every 20 orders hold 1 out of stock (Rejected), 2 declined and 1 with the payment provider down and
    /// 2 unshippable (Cancelled, the last three compensating), 14 that complete; 2 of every 7 completing orders get
    /// a refund until <paramref name="refunds"/> are planned: 6 of 10 auto-approved (half of them returning the one unit
    /// ordered, half returning nothing), 2 approved, 1 rejected, 1 expired (each returning 1 of the 2 units ordered).
    /// </summary>
    public static IReadOnlyList<OrderPlan> Plan(int count, int refunds)
    {
        var plan = new List<OrderPlan>(count);
        var completing = 0;
        var planned = 0;
        for (var i = 0; i < count; i++)
        {
            var sku = (i % 3) switch { 0 => "SKU-RED", 1 => "SKU-BLUE", _ => "SKU-GREEN" };
            OrderPlan order = (i % 20) switch
            {
                0 => new(i, $"cust-rare-{i}", "SKU-RARE", 2, 10.00m, null, RefundDecision.Auto),
                1 or 11 => new(i, DeclinedCustomer, sku, 1, 25.00m, null, RefundDecision.Auto),
                3 => new(i, PaymentDownCustomer, sku, 1, 30.00m, null, RefundDecision.Auto),
                2 or 12 => new(i, UnshippableCustomer, sku, 2, 15.00m, null, RefundDecision.Auto),
                _ => new(i, $"cust-{i}", sku, 1 + (i % 3), 10.00m + (i % 5), null, RefundDecision.Auto),
            };
            if (order.Customer.StartsWith("cust-", StringComparison.Ordinal) && char.IsDigit(order.Customer[^1]) && !order.Customer.StartsWith("cust-rare", StringComparison.Ordinal)
                && completing++ % 7 < 2 && planned < refunds)
            {
                var slot = planned++ % 10;
                var decision = slot switch { < 6 => RefundDecision.Auto, 6 or 7 => RefundDecision.Approve, 8 => RefundDecision.Reject, _ => RefundDecision.Expire };
                order = decision == RefundDecision.Auto
                    ? order with { Quantity = 1, UnitPrice = 50.00m, Refund = 40.00m, Decision = decision, Returned = slot % 2 } // half send the item back
                    : order with { Quantity = 2, UnitPrice = 150.00m, Refund = 250.00m, Decision = decision, Returned = 1 };
            }

            plan.Add(order);
        }

        return plan;
    }

    /// <summary>Submits every order at <paramref name="rate"/> per second, asks for the refunds and decides the tasks, until all is sent.</summary>
    public async Task RunAsync(IReadOnlyList<OrderPlan> plan, int rate, double faultAt, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var ct = deadline.Token;
        var threshold = Math.Max(1, (int)(plan.Count * faultAt));
        var refundsWanted = plan.Count(p => p.Refund is not null);
        using var tasksDone = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var deciding = DecideTasksAsync(tasksDone.Token);
        var asking = AskForRefundsAsync(ct);

        var clock = Stopwatch.StartNew();
        var submissions = new List<Task>(plan.Count);
        for (var i = 0; i < plan.Count; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / rate) - clock.Elapsed;
            if (due > TimeSpan.Zero)
            {
                await Task.Delay(due, ct);
            }

            var order = plan[i];
            submissions.Add(Task.Run(async () =>
            {
                var id = await SubmitAsync(order, ct);
                orders[id] = order;
                if (orders.Count >= threshold)
                {
                    reached.TrySetResult();
                }
            }, ct));
        }

        await Task.WhenAll(submissions);
        Volatile.Write(ref submitted, true);
        reached.TrySetResult();
        say($"  {orders.Count} orders accepted in {clock.Elapsed.TotalSeconds:0} s ({retries} requests retried); waiting for {refundsWanted} refunds to be asked for");
        await asking;
        say($"  {refunds.Count} refunds accepted; deciding tasks until every refund saga has left AwaitingApproval");
        await WaitRefundsDecidedAsync(ct);
        await tasksDone.CancelAsync();
        await deciding;
    }

    private async Task<Guid> SubmitAsync(OrderPlan order, CancellationToken ct)
    {
        var body = new { customerId = order.Customer, lines = new[] { new { sku = order.Sku, quantity = order.Quantity, unitPrice = order.UnitPrice } } };
        using var response = await SendWithRetryAsync(c => c.PostAsJsonAsync("/orders", body, ct), ct);
        var accepted = await response.Content.ReadFromJsonAsync<IdBody>(Json, ct);
        return accepted?.OrderId ?? throw new InvalidOperationException("POST /orders answered 202 without an orderId.");
    }

    /// <summary>Asks for each planned refund once its order is Completed; an order that ended otherwise gets none.</summary>
    private async Task AskForRefundsAsync(CancellationToken ct)
    {
        var asked = new HashSet<Guid>();
        var pending = new List<Task>();
        while (true)
        {
            var candidates = orders.Where(o => o.Value.Refund is not null && !asked.Contains(o.Key)).Select(o => o.Key).ToArray();
            var states = await States("OrderSaga", candidates, ct);
            foreach (var (id, (state, final)) in states.Where(s => s.Value.Final))
            {
                asked.Add(id);
                if (state == "Completed")
                {
                    var order = orders[id];
                    pending.Add(Task.Run(async () =>
                    {
                        var lines = order.Returned > 0 ? new[] { new { sku = order.Sku, quantity = order.Returned } } : [];
                        var body = new { amount = order.Refund, reason = "fault suite", lines };
                        using var response = await SendWithRetryAsync(c => c.PostAsJsonAsync($"/orders/{id}/refunds", body, ct), ct);
                        var accepted = await response.Content.ReadFromJsonAsync<IdBody>(Json, ct);
                        refunds[accepted?.RefundId ?? throw new InvalidOperationException("POST refunds answered 202 without a refundId.")] = order;
                    }, ct));
                }
            }

            if (Volatile.Read(ref submitted) && asked.Count == orders.Count(o => o.Value.Refund is not null))
            {
                break;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        await Task.WhenAll(pending);
    }

    private async Task WaitRefundsDecidedAsync(CancellationToken ct)
    {
        while (true)
        {
            var states = await States("RefundSaga", [.. refunds.Keys], ct);
            if (states.Count == refunds.Count && states.Values.All(s => s.State != "AwaitingApproval"))
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }
    }

    /// <summary>Every 500 ms: the open tasks; each of a refund planned for a person's decision is decided through every API at once.</summary>
    private async Task DecideTasksAsync(CancellationToken ct)
    {
        var decided = new HashSet<Guid>();
        try
        {
            while (true)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
                List<TaskBody>? open;
                try
                {
                    using var response = await clients[Interlocked.Increment(ref next) % clients.Length].GetAsync("/tasks", ct);
                    if (!response.IsSuccessStatusCode)
                    {
                        continue;
                    }

                    open = await response.Content.ReadFromJsonAsync<List<TaskBody>>(Json, ct);
                }
                catch (HttpRequestException)
                {
                    continue; // the API is down (a fault); ask again
                }

                foreach (var task in open ?? [])
                {
                    if (decided.Contains(task.TaskId) || !refunds.TryGetValue(task.SagaId, out var plan) || plan.Decision is not (RefundDecision.Approve or RefundDecision.Reject))
                    {
                        continue;
                    }

                    decided.Add(task.TaskId);
                    var verb = plan.Decision == RefundDecision.Approve ? "approve" : "reject";
                    var answers = await Task.WhenAll(clients.Select(async c =>
                    {
                        try
                        {
                            using var answer = await c.PostAsJsonAsync($"/tasks/{task.TaskId}/{verb}", new { by = Approver, comment = "fault suite" }, ct);
                            return answer.StatusCode;
                        }
                        catch (HttpRequestException)
                        {
                            return HttpStatusCode.ServiceUnavailable;
                        }
                    }));
                    var accepted = answers.Count(s => s == HttpStatusCode.Accepted);
                    Interlocked.Add(ref decisions, accepted);
                    if (accepted > 1)
                    {
                        violations.Add($"task {task.TaskId}: {accepted} concurrent {verb} requests were accepted; one decision must win and the others get 409");
                    }
                    else if (accepted == 0)
                    {
                        decided.Remove(task.TaskId); // no API took it (down); try again next round
                    }
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Sends until an API answers 2xx; a connection failure or 5xx is retried (another API, 250 ms later), a 4xx is a violation.</summary>
    private async Task<HttpResponseMessage> SendWithRetryAsync(Func<HttpClient, Task<HttpResponseMessage>> send, CancellationToken ct)
    {
        while (true)
        {
            var client = clients[Interlocked.Increment(ref next) % clients.Length];
            try
            {
                var response = await send(client);
                if (response.IsSuccessStatusCode)
                {
                    return response;
                }

                var status = (int)response.StatusCode;
                var text = await response.Content.ReadAsStringAsync(ct);
                response.Dispose();
                if (status < 500)
                {
                    violations.Add($"{client.BaseAddress}: a valid request was answered {status}: {text}");
                    throw new InvalidOperationException($"A valid request was answered {status}: {text}");
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // The API or what it needs is down: retried below.
            }

            Interlocked.Increment(ref retries);
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    /// <summary>State and finality of the given sagas that exist; an unreachable database (a fault) reads as none.</summary>
    private async Task<Dictionary<Guid, (string State, bool Final)>> States(string sagaType, Guid[] ids, CancellationToken ct)
    {
        var result = new Dictionary<Guid, (string, bool)>();
        if (ids.Length == 0)
        {
            return result;
        }

        try
        {
            await using var connection = new NpgsqlConnection(sagaDatabase);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT saga_id, state, is_final FROM orders.sagas WHERE saga_type = @type AND saga_id = ANY(@ids)", connection);
            command.Parameters.AddWithValue("type", sagaType);
            command.Parameters.AddWithValue("ids", ids);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                result[reader.GetGuid(0)] = (reader.GetString(1), reader.GetBoolean(2));
            }
        }
        catch (NpgsqlException)
        {
            // PostgreSQL is down (a fault): nothing known this round.
        }

        return result;
    }

    private static HttpClient NewClient(Uri api)
    {
        var client = new HttpClient { BaseAddress = api, Timeout = TimeSpan.FromSeconds(15) };
        client.DefaultRequestHeaders.Add("X-Api-Key", Cluster.ApiKey);
        return client;
    }

    private sealed record IdBody(Guid? OrderId, Guid? RefundId);

    private sealed record TaskBody(Guid TaskId, Guid SagaId);
}
