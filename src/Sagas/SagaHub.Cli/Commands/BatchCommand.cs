using System.ComponentModel;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary><c>sagahub batch &lt;action&gt; --filter name=value ... --cap N</c>: one action on every saga the filter matches, each result listed.</summary>
internal sealed class BatchCommand(CliEnvironment environment) : ApiCommand<BatchCommand.Settings>(environment)
{
    /// <summary>The actions by their command names, with the API's names.</summary>
    public static readonly IReadOnlyDictionary<string, string> Kinds = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["resume"] = "resume",
        ["move"] = "moveTo",
        ["cancel"] = "cancel",
        ["fire-deadline"] = "fireDeadline",
        ["reschedule"] = "rescheduleDeadline",
    };

    protected override async Task<int> RunAsync(ManagementClient api, Settings settings)
    {
        var filter = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in settings.Filter)
        {
            Pair.TryParse(pair, out var name, out var value);
            filter[name] = value;
        }

        DateTimeOffset? dueAt = settings.DueAt is { } text && DueAt.TryParse(text, Environment.Time.GetUtcNow(), out var at) ? at : null;
        var body = new
        {
            filter,
            action = new { kind = Kinds[settings.Action], state = settings.State, dueAt, by = settings.ResolveBy(Environment), reason = settings.Reason },
            dryRun = settings.DryRun,
            cap = settings.Cap,
            batchId = settings.BatchId,
        };
        var answer = await api.PostAsync("batch", body).ConfigureAwait(false);
        return Print(api, answer, settings, Render);
    }

    private void Render(JsonElement result)
    {
        var items = result.Items("items").ToList();
        if (items.Count > 0)
        {
            var table = Tables.Create("Type!", "Id!", "Outcome!", "To", "Detail");
            items.ForEach(i => table.Row(i.Text("type"), i.Text("id"), i.Text("outcome"), i.Text("to"), i.Text("detail")));
            Out.Write(table);
        }

        var dry = result.Flag("dryRun") ? "Dry run, nothing changed: " : string.Empty;
        Out.Line($"{dry}matched {result.Text("matched")}, {(dry.Length > 0 ? "would apply" : "applied")} {result.Text("applied")}, failed {result.Text("failed")} (batch {result.Text("batchId")}).");
    }

    /// <summary>The arguments and options of <c>batch</c>.</summary>
    internal sealed class Settings : ActorSettings
    {
        [CommandArgument(0, "<action>")]
        [Description("resume, move, cancel, fire-deadline or reschedule.")]
        public string Action { get; set; } = string.Empty;

        [CommandOption("--filter <NAME=VALUE>")]
        [Description("Which sagas, as list's query parameters: type=OrderSaga, state=X, parked=true, search.customer=c-1; repeat for more (at least one).")]
        public string[] Filter { get; set; } = [];

        [CommandOption("--cap <N>")]
        [Description("The most sagas to change (required): a filter that matches more changes none.")]
        public int? Cap { get; set; }

        [CommandOption("--state <STATE>")]
        [Description("The state: to resume in, to move to (required for move), the final one to cancel to (required for cancel).")]
        public string? State { get; set; }

        [CommandOption("--due-at <TIME>")]
        [Description("The new due time, for reschedule: ISO 8601, or from now: +30m, +2h, +1d.")]
        public string? DueAt { get; set; }

        [CommandOption("--dry-run")]
        [Description("Show what would happen to each saga; change nothing.")]
        public bool DryRun { get; set; }

        [CommandOption("--batch-id <GUID>")]
        [Description("The batch's id: sent again with the same id, it changes no saga twice.")]
        public Guid? BatchId { get; set; }

        public override ValidationResult Validate()
        {
            var action = Action.ToLowerInvariant();
            string? error = null;
            if (!Kinds.ContainsKey(Action))
            {
                error = $"'{Action}' is not an action; use {string.Join(", ", Kinds.Keys)}.";
            }
            else if (Filter.Length == 0)
            {
                error = "Give at least one --filter NAME=VALUE: a batch changes only the sagas a filter matches.";
            }
            else if (Filter.FirstOrDefault(f => !Pair.TryParse(f, out _, out _)) is { } bad)
            {
                error = $"--filter '{bad}' is not NAME=VALUE.";
            }
            else if (Cap is not { } cap || cap < 1)
            {
                error = "--cap N is required (at least 1): the most sagas the batch may change.";
            }
            else if (string.IsNullOrWhiteSpace(Reason))
            {
                error = "--reason is required: say why, every action is recorded with its reason.";
            }
            else if (action is "move" or "cancel" && string.IsNullOrWhiteSpace(State))
            {
                error = $"{action} needs --state: the state to {(action == "move" ? "move to" : "end in")}.";
            }
            else if (action == "reschedule" && (DueAt is null || !Cli.DueAt.TryParse(DueAt, DateTimeOffset.UtcNow, out _)))
            {
                error = "reschedule needs --due-at: ISO 8601 (2026-12-03T10:00:00Z) or from now (+30m, +2h, +1d).";
            }

            return error is null ? ValidationResult.Success() : ValidationResult.Error(error);
        }
    }
}
