using System.Globalization;
using Spectre.Console;

namespace SagaHub.Demo;

/// <summary>Where one scenario's saga ended, with its stored history.</summary>
/// <param name="Scenario">The scenario.</param>
/// <param name="Snapshot">The saga as stored, or null if it never started.</param>
/// <param name="History">Its history rows.</param>
internal sealed record ScenarioResult(Scenario Scenario, SagaSnapshot? Snapshot, IReadOnlyList<SagaHistoryEntry> History)
{
    /// <summary>The state it ended in, or "(none)".</summary>
    public string FinalState => Snapshot is null ? "(none)" : Snapshot.State + (Snapshot.IsFinal ? string.Empty : " (not final)");

    /// <summary>Whether it ended in the expected final state.</summary>
    public bool Ok => Snapshot is { IsFinal: true } s && s.State == Scenario.Expected;

    /// <summary>How many transitions it made.</summary>
    public int Transitions => History.Count(h => h.Kind == SagaHistoryKind.Transition);

    /// <summary>The compensations it issued, in order (the command's name).</summary>
    public IEnumerable<string> Compensations => History
        .Where(h => h.Kind == SagaHistoryKind.CompensationIssued && !string.IsNullOrWhiteSpace(h.Detail))
        .Select(h => h.Detail!.Split(' ', 2)[0]);
}

/// <summary>Prints the end-of-run table and decides the exit code.</summary>
internal static class SummaryTable
{
    /// <summary>Prints the table, and which sagas failed.</summary>
    /// <param name="results">One row per scenario.</param>
    /// <param name="problem">What went wrong with the script itself (a timeout), or null.</param>
    /// <returns>0 when every saga ended where expected and the script had no problem, else 1.</returns>
    public static int Print(IReadOnlyList<ScenarioResult> results, string? problem)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Final state of every saga[/]")
            .AddColumn("Saga").AddColumn("Scenario").AddColumn("Expected").AddColumn("Final state")
            .AddColumn(new TableColumn("Transitions").RightAligned()).AddColumn("Compensations").AddColumn("Result");
        foreach (var r in results)
        {
            var compensations = string.Join(Environment.NewLine, r.Compensations); // one per line, in issue order
            table.AddRow(
                $"{DemoObserver.ShortType(r.Scenario.SagaType)} {DemoObserver.ShortId(r.Scenario.SagaId)}",
                Markup.Escape($"{r.Scenario.Number}. {r.Scenario.Name}"),
                r.Scenario.Expected,
                Markup.Escape(r.FinalState),
                r.Transitions.ToString(CultureInfo.InvariantCulture),
                compensations.Length == 0 ? "-" : compensations,
                r.Ok ? "[green]OK[/]" : "[red bold]FAIL[/]");
        }

        AnsiConsole.WriteLine();
        AnsiConsole.Write(table);
        if (problem is not null)
        {
            AnsiConsole.MarkupLine($"[red]{Markup.Escape(problem)}[/]");
        }

        var failed = results.Where(r => !r.Ok).ToList();
        foreach (var r in failed)
        {
            AnsiConsole.MarkupLine($"[red]FAIL[/] #{r.Scenario.Number} {Markup.Escape(r.Scenario.Name)}: expected {r.Scenario.Expected}, ended {Markup.Escape(r.FinalState)}");
        }

        AnsiConsole.MarkupLine(failed.Count == 0 ? $"[green]All {results.Count} sagas ended where the script expected.[/]" : $"[red]{failed.Count} of {results.Count} sagas did not end where the script expected.[/]");
        return failed.Count == 0 && problem is null ? 0 : 1;
    }
}
