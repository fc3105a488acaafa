using MassTransit;
using Spectre.Console;

namespace SagaHub.Demo;

/// <summary>Starts every scenario at once, approves the one refund a person decides, and waits for all to finish.</summary>
internal sealed class DemoScript(IBus bus, DemoObserver observer, IHumanTaskInbox inbox, ISagaStore store)
{
    /// <summary>Runs the script and prints the summary.</summary>
    /// <param name="timeout">How long every saga together may take to reach a final state.</param>
    /// <returns>0 when every saga ended where the script expected, else 1.</returns>
    public async Task<int> RunAsync(TimeSpan timeout)
    {
        var scenarios = Scenario.Script();
        var watches = scenarios.ToDictionary(s => s.SagaId, s => observer.Watch(s.SagaId, s.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        lock (DemoObserver.OutputLock)
        {
            AnsiConsole.Write(new Rule("[bold]SagaHub demo[/]: 5 orders and 3 refunds, all at once").LeftJustified());
        }

        using var cancel = new CancellationTokenSource(timeout);
        observer.Restart();
        var runs = scenarios.Select(s => RunOneAsync(s, watches[s.SagaId], cancel.Token)).ToList();
        var timedOut = false;
        try
        {
            await Task.WhenAll(runs).WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or OperationCanceledException)
        {
            timedOut = true;
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
            return SummaryTable.Print(results, timedOut ? timeout : null);
        }
    }

    private async Task RunOneAsync(Scenario scenario, SagaWatch watch, CancellationToken cancellationToken)
    {
        var awaitingApproval = watch.WhenEntered(nameof(Orders.RefundStatus.AwaitingApproval));
        await bus.Publish(scenario.Start, scenario.Start.GetType(), cancellationToken).ConfigureAwait(false);
        if (scenario.Approver is not null)
        {
            await awaitingApproval.WaitAsync(cancellationToken).ConfigureAwait(false);
            var open = await inbox.ListOpenAsync(DemoSettings.ApproverRole, cancellationToken).ConfigureAwait(false);
            var task = open.Single(t => t.SagaId == scenario.SagaId);
            lock (DemoObserver.OutputLock)
            {
                AnsiConsole.MarkupLine($"[dim]{Markup.Escape($"{new string(' ', 8)} {scenario.Approver} approves '{task.Name}' ({task.Assignee}) for Refund {DemoObserver.ShortId(scenario.SagaId)}")}[/]");
            }

            await inbox.ApproveAsync(task.TaskId, scenario.Approver, "checked the photos", cancellationToken).ConfigureAwait(false);
        }

        await watch.Finished.WaitAsync(cancellationToken).ConfigureAwait(false);
    }
}
