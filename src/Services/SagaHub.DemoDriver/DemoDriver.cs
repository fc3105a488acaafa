using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Spectre.Console;

namespace SagaHub.DemoDriver;

/// <summary>One scripted saga: how it starts, where it must end, and who approves its task.</summary>
internal sealed record Scenario(int Number, string Name, string Expected, string Customer, LineBody Line, decimal? Refund = null, string? Approver = null, int Returned = 0)
{
    public bool IsRefund => Refund is not null;

    public static IReadOnlyList<Scenario> Script() =>
    [
        new(1, "shipped", "Completed", "cust-happy", new("SKU-RED", 2, 10.00m)),
        new(2, "SKU-RARE out of stock", "Rejected", "cust-rare", new("SKU-RARE", 2, 10.00m)),
        new(3, "payment declined", "Cancelled", "cust-declined", new("SKU-BLUE", 2, 10.00m)),
        new(4, "shipping failed", "Cancelled", "cust-unshippable", new("SKU-GREEN", 2, 10.00m)),
        new(5, "payment provider down", "Cancelled", "cust-payment-down", new("SKU-RED", 2, 10.00m)),
        new(6, "40.00, auto-approved, 1 returned", "Refunded", "cust-refund-6", new("SKU-BLUE", 1, 50.00m), Refund: 40.00m, Returned: 1),
        new(7, "250.00, approved by alice, none returned", "Refunded", "cust-refund-7", new("SKU-BLUE", 2, 150.00m), Refund: 250.00m, Approver: "alice"),
        new(8, "400.00, escalated, expired", "Rejected", "cust-refund-8", new("SKU-BLUE", 2, 250.00m), Refund: 400.00m, Returned: 2),
    ];
}

/// <summary>
/// Drives every scenario through the Orders HTTP API of the running services: submits the orders,
/// asks for refunds once their orders completed, approves the one refund a person decides from the
/// task inbox, prints each saga's transitions as they show up in its history and the final table.
/// This is a client of a remote API, so it polls (every 100 ms, bounded by the timeout).
/// </summary>
internal sealed class DemoDriver(HttpClient http)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private readonly Lock output = new();

    public async Task<int> RunAsync(TimeSpan timeout)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160;
        }

        var scenarios = Scenario.Script();
        AnsiConsole.MarkupLine($"[bold]SagaHub demo against RabbitMQ[/]: {scenarios.Count} sagas through {Markup.Escape(http.BaseAddress!.ToString())}; time since start, saga, transition");
        using var cancel = new CancellationTokenSource(timeout);
        var runs = scenarios.Select(s => RunOneAsync(s, cancel.Token)).ToList();
        string? problem = null;
        try
        {
            await Task.WhenAll(runs).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            problem = $"Not every saga reached a final state within {timeout.TotalSeconds:0} s.";
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or JsonException)
        {
            problem = $"The script failed: {ex.GetType().Name}: {ex.Message}";
        }

        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Final state of every saga[/]")
            .AddColumn("Saga").AddColumn("Scenario").AddColumn("Expected").AddColumn("Final state")
            .AddColumn(new TableColumn("Transitions").RightAligned()).AddColumn("Compensations").AddColumn("Result");
        var failed = 0;
        foreach (var (scenario, run) in scenarios.Zip(runs))
        {
            (Guid SagaId, SagaView View)? result = run.IsCompletedSuccessfully ? run.Result : null;
            var view = result?.View;
            var ok = view is { IsFinal: true } && view.State == scenario.Expected;
            failed += ok ? 0 : 1;
            table.AddRow(
                result is null ? "?" : $"{(scenario.IsRefund ? "Refund" : "Order")} {Short(result.Value.SagaId)}",
                Markup.Escape($"{scenario.Number}. {scenario.Name}"),
                scenario.Expected,
                Markup.Escape(view is null ? "(unknown)" : view.State + (view.IsFinal ? string.Empty : " (not final)")),
                view?.Transitions.ToString(CultureInfo.InvariantCulture) ?? "-",
                view is null || !view.Compensations.Any() ? "-" : string.Join(Environment.NewLine, view.Compensations),
                ok ? "[green]OK[/]" : "[red bold]FAIL[/]");
        }

        AnsiConsole.WriteLine();
        AnsiConsole.Write(table);
        if (problem is not null)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
        }

        AnsiConsole.MarkupLine(failed == 0 && problem is null
            ? $"[green]All {scenarios.Count} sagas ended where the script expected.[/]"
            : $"[red]{failed} of {scenarios.Count} sagas did not end where the script expected.[/]");
        return failed == 0 && problem is null ? 0 : 1;
    }

    private async Task<(Guid SagaId, SagaView View)> RunOneAsync(Scenario scenario, CancellationToken ct)
    {
        var order = await PostAsync("/orders", new OrderBody(scenario.Customer, [scenario.Line]), ct).ConfigureAwait(false);
        var orderId = order.OrderId ?? throw new InvalidOperationException("POST /orders answered without an orderId.");
        var orderView = await FollowAsync($"/orders/{orderId}", $"{scenario.Number} order", orderId, ct).ConfigureAwait(false);
        if (!scenario.IsRefund)
        {
            return (orderId, orderView);
        }

        var refund = await PostAsync($"/orders/{orderId}/refunds", new RefundBody(scenario.Refund!.Value, "arrived damaged", scenario.Returned > 0 ? [new(scenario.Line.Sku, scenario.Returned)] : []), ct).ConfigureAwait(false);
        var refundId = refund.RefundId ?? throw new InvalidOperationException("POST /orders/{id}/refunds answered without a refundId.");
        var approval = scenario.Approver is null ? Task.CompletedTask : ApproveWhenAskedAsync(scenario, refundId, ct);
        var refundView = await FollowAsync($"/refunds/{refundId}", $"{scenario.Number} refund", refundId, ct).ConfigureAwait(false);
        await approval.ConfigureAwait(false);
        return (refundId, refundView);
    }

    private async Task ApproveWhenAskedAsync(Scenario scenario, Guid refundId, CancellationToken ct)
    {
        while (true)
        {
            var tasks = await http.GetFromJsonAsync<List<TaskView>>("/tasks?assignee=finance-manager", Json, ct).ConfigureAwait(false) ?? [];
            if (tasks.FirstOrDefault(t => t.SagaId == refundId) is { } task)
            {
                Print($"{scenario.Number} refund", refundId, $"[dim]{scenario.Approver} approves task '{Markup.Escape(task.Name)}' from the {Markup.Escape(task.Assignee)} inbox (POST /tasks/{{id}}/approve)[/]");
                using var answer = await http.PostAsJsonAsync($"/tasks/{task.TaskId}/approve", new DecisionBody(scenario.Approver!, "checked the photos"), Json, ct).ConfigureAwait(false);
                answer.EnsureSuccessStatusCode();
                return;
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    private async Task<SagaView> FollowAsync(string path, string label, Guid sagaId, CancellationToken ct)
    {
        long printed = 0;
        while (true)
        {
            using var response = await http.GetAsync(path, ct).ConfigureAwait(false);
            if (response.StatusCode != HttpStatusCode.NotFound)
            {
                response.EnsureSuccessStatusCode();
                var view = await response.Content.ReadFromJsonAsync<SagaView>(Json, ct).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"GET {path} answered with an empty body.");
                foreach (var row in view.History.Where(h => h.Sequence > printed))
                {
                    Print(label, sagaId, Describe(row));
                    printed = row.Sequence;
                }

                if (view.IsFinal)
                {
                    return view;
                }
            }

            await Task.Delay(100, ct).ConfigureAwait(false);
        }
    }

    private async Task<Accepted> PostAsync<T>(string path, T body, CancellationToken ct)
    {
        using var response = await http.PostAsJsonAsync(path, body, Json, ct).ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
        {
            var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
        }

        return await response.Content.ReadFromJsonAsync<Accepted>(Json, ct).ConfigureAwait(false) ?? throw new InvalidOperationException($"POST {path} answered with an empty body.");
    }

    private static string Describe(HistoryRow row) => row.Kind switch
    {
        "Transition" => $"{Markup.Escape(row.From)} -> [bold]{Markup.Escape(row.To)}[/] on {Markup.Escape(row.Trigger)}{(row.Detail is null ? string.Empty : $" [dim]({Markup.Escape(row.Detail)})[/]")}",
        _ => $"[dim][[{Markup.Escape(row.Kind)}]] {Markup.Escape(row.From)} on {Markup.Escape(row.Trigger)}{(row.Detail is null ? string.Empty : $": {Markup.Escape(row.Detail)}")}[/]",
    };

    /// <summary>8 characters that tell ids apart: the API's ids are sequential (MassTransit NewId), so their 4th group varies.</summary>
    private static string Short(Guid id)
    {
        var text = id.ToString();
        return string.Concat(text.AsSpan(19, 4), text.AsSpan(text.Length - 4));
    }

    private void Print(string label, Guid sagaId, string line)
    {
        lock (output)
        {
            AnsiConsole.MarkupLine($"[dim]{clock.Elapsed.TotalSeconds,6:0.00}s[/] {Markup.Escape(label),-10} {Short(sagaId)}  {line}");
        }
    }
}
