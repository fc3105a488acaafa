using System.ComponentModel;
using System.Text.Json;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary><c>sagahub counts [--type T]</c>: sagas per type and state, parked and overdue, and the outbox backlog.</summary>
internal sealed class CountsCommand(CliEnvironment environment) : ApiCommand<CountsCommand.Settings>(environment)
{
    protected override async Task<int> RunAsync(ManagementClient api, Settings settings)
    {
        var answer = await api.GetAsync("counts", [new("type", settings.Type)]).ConfigureAwait(false);
        return Print(api, answer, settings, Render);
    }

    private void Render(JsonElement counts)
    {
        var states = counts.Items("states").ToList();
        if (states.Count > 0)
        {
            var table = Tables.Create("Type!", "State!", "Kind", "Count", "Overdue", "Oldest overdue!");
            foreach (var s in states)
            {
                var kind = s.Flag("isFinal") ? "final" : s.Flag("isParked") ? "parked" : string.Empty;
                table.Row(s.Text("type"), s.Text("state"), kind, s.Text("count"), s.Text("overdue"), s.Time("oldestOverdue"));
            }

            Out.Write(table);
        }
        else
        {
            Out.Line("No sagas.");
        }

        Out.Write(Tables.Fields(
        [
            ("Parked", counts.Text("parked")),
            ("Overdue", counts.Text("overdue") + (counts.Time("oldestOverdue") is { Length: > 0 } o ? $" (oldest {o})" : string.Empty)),
            ("Outbox backlog", counts.Text("outboxBacklog") + (counts.Time("oldestOutbox") is { Length: > 0 } b ? $" (oldest {b})" : string.Empty)),
            ("At", counts.Time("at")),
        ]));
    }

    /// <summary>The options of <c>counts</c>.</summary>
    internal sealed class Settings : GlobalSettings
    {
        [CommandOption("--type <TYPE>")]
        [Description("Only this saga type.")]
        public string? Type { get; set; }
    }
}
