using System.Globalization;
using MassTransit;
using SagaHub.Orders;
using SagaHub.Payments;
using Spectre.Console;

namespace SagaHub.Demo;

/// <summary>Starts every scenario at once, approves the one refund a person decides, and waits for all to finish.</summary>
internal sealed class DemoScript(IBus bus, DemoObserver observer, IHumanTaskInbox inbox, ISagaStore store, PaymentLedger ledger)
{
    /// <summary>Runs the script and prints the summary.</summary>
    /// <param name="timeout">How long every saga together may take to reach a final state.</param>
    /// <returns>0 when every saga ended where the script expected, else 1.</returns>
    public async Task<int> RunAsync(TimeSpan timeout)
    {
        if (Console.IsOutputRedirected)
        {
            AnsiConsole.Profile.Width = 160; // no terminal to measure (a pipe, a CI log): do not wrap at the default 80
        }

        var scenarios = Scenario.Script();
        foreach (var earlier in scenarios.Select(s => s.EarlierCharge).OfType<(Guid OrderId, decimal Amount)>())
        {
            await ledger.ChargeAsync(earlier.OrderId, earlier.Amount, OrderData.ChargeKey(earlier.OrderId)).ConfigureAwait(false);
        }

        var watches = scenarios.ToDictionary(s => s.SagaId, s => observer.Watch(s.SagaId, s.Number.ToString(CultureInfo.InvariantCulture)));
        lock (DemoObserver.OutputLock)
        {
            AnsiConsole.MarkupLine($"[bold]SagaHub demo[/]: {scenarios.Count} sagas started at once (MassTransit in memory, in-memory saga store, each service in its own SQLite database); time since start, saga, transition");
            AnsiConsole.WriteLine();
        }

        using var cancel = new CancellationTokenSource(timeout);
        observer.Restart();
        var runs = scenarios.Select(s => RunOneAsync(s, watches[s.SagaId], cancel.Token)).ToList();
        string? problem = null;
        try
        {
            await Task.WhenAll(runs).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            problem = $"Not every saga reached a final state within {timeout.TotalSeconds:0} s.";
        }
        catch (Exception ex)
        {
            problem = $"The script failed: {ex.GetType().Name}: {ex.Message}";
        }

        var results = new List<ScenarioResult>();
        foreach (var scenario in scenarios)
        {
            var snapshot = await store.LoadAsync(scenario.SagaType, scenario.SagaId).ConfigureAwait(false);
            var history = await store.GetHistoryAsync(scenario.SagaType, scenario.SagaId).ConfigureAwait(false);
            results.Add(new ScenarioResult(scenario, snapshot, history));
        }

        lock (DemoObserver.OutputLock)
        {
            return SummaryTable.Print(results, problem);
        }
    }

    private async Task RunOneAsync(Scenario scenario, SagaWatch watch, CancellationToken cancellationToken)
    {
        var awaitingApproval = watch.WhenEntered(nameof(RefundStatus.AwaitingApproval));
        await bus.Publish(scenario.Start, scenario.Start.GetType(), cancellationToken).ConfigureAwait(false);
        if (scenario.Approver is not null)
        {
            await awaitingApproval.WaitAsync(cancellationToken).ConfigureAwait(false);
            var open = await inbox.ListOpenAsync(DemoSettings.ApproverRole, cancellationToken).ConfigureAwait(false);
            var task = open.Single(t => t.SagaId == scenario.SagaId);
            observer.Note(scenario.SagaType, scenario.SagaId, $"{scenario.Approver} approves task '{task.Name}' from the {task.Assignee} inbox");
            await inbox.ApproveAsync(task.TaskId, scenario.Approver, "checked the photos", cancellationToken).ConfigureAwait(false);
        }

        await watch.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
