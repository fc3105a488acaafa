using System.Globalization;
using System.Text;

namespace SagaHub.Faults;

/// <summary>The table of a run, in markdown: one row per scenario, then every violation.</summary>
internal static class Report
{
    public static string Markdown(IReadOnlyList<ScenarioResult> results, FaultOptions options, string command, TimeSpan duration)
    {
        var text = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        text.AppendLine(inv, $"`{command}`: {options.Orders} orders and {options.Refunds} refunds per scenario at {options.Rate} orders/s; {results.Count} scenarios in {duration.TotalMinutes:0.0} min; {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC.");
        text.AppendLine();
        text.AppendLine("| scenario | faults injected | sagas | lost | duplicated effects | stuck | time to recover | result |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---|");
        foreach (var r in results)
        {
            var recovery = r.Recovery is { } t ? t.TotalSeconds.ToString("0.0 s", inv) : "-";
            text.AppendLine(inv, $"| {r.Name} | {r.Faults} | {r.Sagas} | {r.Lost} | {r.DuplicatedEffects} | {r.Stuck} | {recovery} | {(r.Passed ? "passed" : $"**FAILED** ({r.Violations.Count})")} |");
        }

        foreach (var r in results.Where(r => r.BadInputs.Count > 0))
        {
            text.AppendLine();
            text.AppendLine(inv, $"Bad input ({r.Name}): {r.BadInputs.Count(o => o.Accounted)} of {r.BadInputs.Count} accounted for.");
            text.AppendLine();
            text.AppendLine("| sent | must end | ended | |");
            text.AppendLine("|---|---|---|---|");
            foreach (var o in r.BadInputs)
            {
                text.AppendLine(inv, $"| {Cell(o.Case)} | {Cell(o.Expected)} | {Cell(o.Actual)} | {(o.Accounted ? "ok" : "**not accounted**")} |");
            }
        }

        foreach (var r in results.Where(r => !r.Passed))
        {
            text.AppendLine();
            text.AppendLine(inv, $"**{r.Name}**:");
            foreach (var violation in r.Violations)
            {
                text.AppendLine(inv, $"- {violation}");
            }
        }

        return text.ToString();
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).ReplaceLineEndings(" ");
}
