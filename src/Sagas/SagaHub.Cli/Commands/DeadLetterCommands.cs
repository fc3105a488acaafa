using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary><c>sagahub dead-letters [--queue Q]</c>: the messages that failed for good, with why.</summary>
internal sealed class DeadLettersCommand(CliEnvironment environment) : ApiCommand<DeadLettersCommand.Settings>(environment)
{
    protected override async Task<int> RunAsync(ManagementClient api, Settings settings)
    {
        var answer = await api.GetAsync("dead-letters", [new("queue", settings.Queue), new("limit", settings.Limit?.ToString(CultureInfo.InvariantCulture))]).ConfigureAwait(false);
        return Print(api, answer, settings, Render);
    }

    private void Render(JsonElement page)
    {
        var items = page.Items("items").ToList();
        if (items.Count == 0)
        {
            Out.Line("No dead letters.");
            return;
        }

        var table = Tables.Create("Id!", "Faulted!", "Queue", "From", "Message", "Saga", "Reason");
        foreach (var d in items)
        {
            var saga = d.Text("sagaId") is { Length: > 0 } sagaId ? $"{d.Text("sagaType")} {sagaId}" : string.Empty;
            table.Row(d.Text("id"), d.Time("faultedAt"), d.Text("queue"), d.Text("sourceQueue"), $"{JsonText.ShortType(d.Text("messageType"))} {d.Text("messageId")}", saga, d.Text("faultReason"));
        }

        Out.Write(table);
        Out.Line(items.Count == 1 ? "1 dead letter." : $"{items.Count.ToString(CultureInfo.InvariantCulture)} dead letters.");
    }

    /// <summary>The options of <c>dead-letters</c>.</summary>
    internal sealed class Settings : GlobalSettings
    {
        [CommandOption("--queue <QUEUE>")]
        [Description("Only this dead-letter queue.")]
        public string? Queue { get; set; }

        [CommandOption("--limit <N>")]
        [Description("At most this many.")]
        public int? Limit { get; set; }
    }
}

/// <summary><c>sagahub replay [&lt;id&gt;...] [--all] [--queue Q]</c>: sends dead letters back to the queue they failed in.</summary>
internal sealed class ReplayCommand(CliEnvironment environment) : ApiCommand<ReplayCommand.Settings>(environment)
{
    protected override async Task<int> RunAsync(ManagementClient api, Settings settings)
    {
        var body = new { ids = settings.Ids.Length > 0 ? settings.Ids : null, queue = settings.Queue, all = settings.All ? true : (bool?)null, by = settings.ResolveBy(Environment), reason = settings.Reason };
        var answer = await api.PostAsync("dead-letters/replay", body).ConfigureAwait(false);
        return Print(api, answer, settings, result => DeadLetterOutcomes.Render(Out, result, "Replayed", result.Text("replayed")));
    }

    /// <summary>The arguments of <c>replay</c>.</summary>
    internal sealed class Settings : DeadLetterActionSettings
    {
        [CommandArgument(0, "[ids]")]
        [Description("The dead letters to replay (or --all).")]
        public string[] Ids { get; set; } = [];

        [CommandOption("--all")]
        [Description("Replay every dead letter (of --queue, when given).")]
        public bool All { get; set; }

        [CommandOption("--queue <QUEUE>")]
        [Description("With --all: only this dead-letter queue.")]
        public string? Queue { get; set; }

        public override ValidationResult Validate() =>
            (Ids.Length > 0, All) switch
            {
                (false, false) => ValidationResult.Error("Name the dead letters to replay, or give --all."),
                (true, true) => ValidationResult.Error("Give ids or --all, not both."),
                _ => base.Validate(),
            };
    }
}

/// <summary><c>sagahub delete-dead-letters &lt;id&gt;... --reason R</c>: removes dead letters for good.</summary>
internal sealed class DeleteDeadLettersCommand(CliEnvironment environment) : ApiCommand<DeleteDeadLettersCommand.Settings>(environment)
{
    protected override async Task<int> RunAsync(ManagementClient api, Settings settings)
    {
        var answer = await api.PostAsync("dead-letters/delete", new { ids = settings.Ids, by = settings.ResolveBy(Environment), reason = settings.Reason }).ConfigureAwait(false);
        return Print(api, answer, settings, result => DeadLetterOutcomes.Render(Out, result, "Deleted", result.Text("deleted")));
    }

    /// <summary>The arguments of <c>delete-dead-letters</c>.</summary>
    internal sealed class Settings : DeadLetterActionSettings
    {
        [CommandArgument(0, "<ids>")]
        [Description("The dead letters to delete.")]
        public string[] Ids { get; set; } = [];
    }
}

/// <summary>Who and why, for replaying or deleting dead letters.</summary>
internal class DeadLetterActionSettings : GlobalSettings
{
    [CommandOption("--reason <REASON>")]
    [Description("Why (required): it is recorded.")]
    public string? Reason { get; set; }

    [CommandOption("--by <NAME>")]
    [Description("Who acts. Default: the OS user name.")]
    public string? By { get; set; }

    /// <summary>The name given, else the OS user's.</summary>
    public string ResolveBy(CliEnvironment environment) => string.IsNullOrWhiteSpace(By) ? environment.UserName : By;

    public override ValidationResult Validate() =>
        string.IsNullOrWhiteSpace(Reason) ? ValidationResult.Error("--reason is required: say why, it is recorded.") : ValidationResult.Success();
}

/// <summary>Prints what happened to each dead letter of a replay or delete.</summary>
internal static class DeadLetterOutcomes
{
    public static void Render(IAnsiConsole console, JsonElement result, string verb, string count)
    {
        var items = result.Items("items").ToList();
        if (items.Count > 0)
        {
            var table = Tables.Create("Id!", "Outcome");
            items.ForEach(i => table.Row(i.Text("id"), i.Text("outcome")));
            console.Write(table);
        }

        console.Line($"{verb} {(count.Length > 0 ? count : "0")}.");
    }
}
