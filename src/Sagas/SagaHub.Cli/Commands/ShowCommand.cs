using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary><c>sagahub show &lt;type&gt; &lt;id&gt;</c>: one saga's state, data, what it waits for, the allowed actions and its history as a timeline.</summary>
internal sealed class ShowCommand(CliEnvironment environment) : ApiCommand<ShowCommand.Settings>(environment)
{
    protected override async Task<int> RunAsync(ManagementClient api, Settings settings)
    {
        var answer = await api.GetAsync($"sagas/{Uri.EscapeDataString(settings.Type)}/{settings.Id}").ConfigureAwait(false);
        return Print(api, answer, settings, Render);
    }

    private void Render(JsonElement saga)
    {
        var flags = new[] { saga.Flag("isParked") ? "parked" : null, saga.Flag("stuck") ? "stuck" : null, saga.Flag("isFinal") ? "final" : null }.OfType<string>().ToList();
        Out.Heading($"{saga.Text("type")} {saga.Text("id")}: {saga.Text("state")}{(flags.Count > 0 ? $" ({string.Join(", ", flags)})" : string.Empty)}");
        Out.Write(Tables.Fields(
        [
            ("Version", saga.Text("version")),
            ("Definition", saga.Text("definitionVersion") is { Length: > 0 } v ? "version " + v : string.Empty),
            ("Started", saga.Time("startedAt")),
            ("Updated", saga.Time("updatedAt")),
            ("Expected by", saga.Time("expectedBy")),
            ("Deadline", saga.Object("deadline") is { } d ? $"{d.Time("dueAt")} ({d.Text("kind")})" : string.Empty),
            ("Task", saga.Object("task") is { } t ? $"{t.Text("name")} for {t.Text("assignee")}, due {t.Time("dueAt")} (task {t.Text("taskId")})" : string.Empty),
            ("Undo pending", string.Join(", ", saga.Items("compensations").Select(c => JsonText.ShortType(c.Text("messageType"))))),
            ("Compensating", saga.Object("compensating") is { } c ? $"to {c.Text("targetState")}: {c.Text("reason")}" : string.Empty),
            ("Search", saga.Pairs("search")),
            ("Path", string.Join(" → ", saga.Items("path").Select(JsonText.Of))),
        ]));

        Out.Heading("\nData");
        Out.Line(saga.TryGetProperty("data", out var data) ? JsonText.Pretty(data) : "(none)");

        var waiting = saga.Items("waitingFor").ToList();
        if (waiting.Count > 0)
        {
            Out.Heading("\nWaiting for");
            var table = Tables.Create("Trigger", "Kind", "Goes to", "Guard");
            waiting.ForEach(w => table.Row(w.Text("trigger"), w.Text("kind"), w.Text("target"), w.Text("guard")));
            Out.Write(table);
        }

        Out.Heading("\nAllowed actions");
        Out.Line(saga.Object("actions") is { } actions ? ProblemReport.Allowed(actions) : "none");

        Out.Heading("\nHistory");
        var history = saga.Items("history").ToList();
        if (history.Count == 0)
        {
            Out.Line("(none)");
            return;
        }

        var timeline = Tables.Create("#!", "Time!", "Kind!", "From → To", "Trigger", "Detail");
        foreach (var entry in history)
        {
            var from = entry.Text("from");
            var to = entry.Text("to");
            var move = from == to ? to : $"{(from.Length > 0 ? from : "(start)")} → {to}";
            timeline.Row(entry.Text("sequence"), entry.Time("at"), entry.Text("kind"), move, entry.Text("trigger"), entry.Text("detail"));
        }

        Out.Write(timeline);
        Out.Line(history.Count == 1 ? "1 entry." : $"{history.Count.ToString(CultureInfo.InvariantCulture)} entries.");
    }

    /// <summary>The arguments of <c>show</c>.</summary>
    internal sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<type>")]
        [Description("The saga type, e.g. OrderSaga.")]
        public string Type { get; set; } = string.Empty;

        [CommandArgument(1, "<id>")]
        [Description("The saga's id.")]
        public Guid Id { get; set; }
    }
}
