using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary><c>sagahub audit [--action A]</c>: the operator audit of dead-letter replays and deletes, newest first.</summary>
internal sealed class AuditCommand(CliEnvironment environment) : ApiCommand<AuditCommand.Settings>(environment)
{
    protected override async Task<int> RunAsync(ManagementClient api, Settings settings)
    {
        var answer = await api.GetAsync("audit", [new("action", settings.Action), new("limit", settings.Limit?.ToString(CultureInfo.InvariantCulture)), new("cursor", settings.Cursor)]).ConfigureAwait(false);
        return Print(api, answer, settings, Render);
    }

    private void Render(JsonElement page)
    {
        var items = page.Items("items").ToList();
        if (items.Count == 0)
        {
            Out.Line("Nothing in the audit.");
            return;
        }

        var table = Tables.Create("At!", "Who", "Action", "Outcome", "Target", "Summary", "Why");
        foreach (var e in items)
        {
            table.Row(e.Time("at"), e.Text("actor"), e.Text("action"), e.Text("outcome"), e.Text("target"), e.Text("summary"), e.Text("reason"));
        }

        Out.Write(table);
        Out.Line(items.Count == 1 ? "1 entry." : $"{items.Count.ToString(CultureInfo.InvariantCulture)} entries.");
        if (page.Text("next") is { Length: > 0 } next)
        {
            Out.Line($"More: add --cursor {next} for the next page.");
        }
    }

    /// <summary>The options of <c>audit</c>.</summary>
    internal sealed class Settings : GlobalSettings
    {
        [CommandOption("--action <ACTION>")]
        [Description("Only this action: dead-letters.replay or dead-letters.delete.")]
        public string? Action { get; set; }

        [CommandOption("--limit <N>")]
        [Description("At most this many.")]
        public int? Limit { get; set; }

        [CommandOption("--cursor <CURSOR>")]
        [Description("Start at this page (the cursor a previous page printed).")]
        public string? Cursor { get; set; }
    }
}
