using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary><c>sagahub list</c>: sagas by type, state, parked, stuck, overdue and search values, a page at a time or all.</summary>
internal sealed class ListCommand(CliEnvironment environment) : ApiCommand<ListCommand.Settings>(environment)
{
    protected override async Task<int> RunAsync(ManagementClient api, Settings settings)
    {
        var items = new List<JsonElement>();
        string? cursor = settings.Cursor;
        while (true)
        {
            var answer = await api.GetAsync("sagas", settings.Query(cursor)).ConfigureAwait(false);
            if (!answer.IsSuccess)
            {
                return Fail(api, answer, settings);
            }

            if (!settings.All)
            {
                return Print(api, answer, settings, page => Render(page.Items("items").ToList(), page.Text("next")));
            }

            if (!answer.TryJson(out var page))
            {
                return Print(api, answer, settings, _ => { });
            }

            items.AddRange(page.Items("items"));
            var next = page.Text("next");
            if (next.Length == 0 || next == cursor)
            {
                break;
            }

            cursor = next;
        }

        if (settings.Json)
        {
            Environment.WriteRaw(AllPages(items));
        }
        else
        {
            Render(items, string.Empty);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Every page's items as one page: <c>{"items":[...],"next":null}</c>.</summary>
    private static string AllPages(List<JsonElement> items)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("items");
            items.ForEach(i => i.WriteTo(writer));
            writer.WriteEndArray();
            writer.WriteNull("next");
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private void Render(List<JsonElement> items, string next)
    {
        if (items.Count == 0)
        {
            Out.Line("No sagas match.");
            return;
        }

        var table = Tables.Create("Type", "Id!", "State", "Since", "Flags", "Deadline", "Reason", "Search");
        foreach (var row in items)
        {
            table.Row(row.Text("type"), row.Text("id"), row.Text("state"), row.Time("since"), Flags(row), row.Time("deadlineDueAt"), row.Text("reason"), row.Pairs("search"));
        }

        Out.Write(table);
        Out.Line(items.Count == 1 ? "1 saga." : $"{items.Count.ToString(CultureInfo.InvariantCulture)} sagas.");
        if (next.Length > 0)
        {
            Out.Line($"More: add --cursor {next} for the next page, or --all for every page.");
        }
    }

    private static string Flags(JsonElement row) =>
        string.Join(' ', new[] { row.Flag("isParked") ? "parked" : null, row.Flag("stuck") ? "stuck" : null, row.Flag("isFinal") ? "final" : null }.OfType<string>());

    /// <summary>The options of <c>list</c>.</summary>
    internal sealed class Settings : GlobalSettings
    {
        [CommandOption("--type <TYPE>")]
        [Description("Only this saga type.")]
        public string? Type { get; set; }

        [CommandOption("--state <STATE>")]
        [Description("Only sagas in this state.")]
        public string? State { get; set; }

        [CommandOption("--id <ID>")]
        [Description("Only the saga with this id.")]
        public Guid? Id { get; set; }

        [CommandOption("--parked")]
        [Description("Only parked sagas.")]
        public bool Parked { get; set; }

        [CommandOption("--stuck")]
        [Description("Only stuck sagas: parked, past their deadline or past their expected time.")]
        public bool Stuck { get; set; }

        [CommandOption("--overdue")]
        [Description("Only sagas past their deadline or expected time (final ones left out).")]
        public bool Overdue { get; set; }

        [CommandOption("--no-final")]
        [Description("Leave out sagas in a final state.")]
        public bool NoFinal { get; set; }

        [CommandOption("--search <NAME=VALUE>")]
        [Description("Only sagas whose searchable value NAME is VALUE; repeat for more.")]
        public string[] Search { get; set; } = [];

        [CommandOption("--order <ORDER>")]
        [Description("newest (by start, the default) or updated.")]
        public string? Order { get; set; }

        [CommandOption("--limit <N>")]
        [Description("Rows per page (the API's default when not given).")]
        public int? Limit { get; set; }

        [CommandOption("--cursor <CURSOR>")]
        [Description("Start at this page (the cursor a previous page printed).")]
        public string? Cursor { get; set; }

        [CommandOption("--all")]
        [Description("Follow the cursors and print every page (--json: one page holding them all).")]
        public bool All { get; set; }

        public override ValidationResult Validate() =>
            Search.FirstOrDefault(s => !Pair.TryParse(s, out _, out _)) is { } bad
                ? ValidationResult.Error($"--search '{bad}' is not NAME=VALUE.")
                : Limit is < 1 ? ValidationResult.Error("--limit must be at least 1.") : ValidationResult.Success();

        /// <summary>The query parameters of one page.</summary>
        public List<KeyValuePair<string, string?>> Query(string? cursor)
        {
            static string? True(bool on) => on ? "true" : null;
            var query = new List<KeyValuePair<string, string?>>
            {
                new("type", Type), new("state", State), new("id", Id?.ToString()), new("parked", True(Parked)), new("stuck", True(Stuck)),
                new("overdue", True(Overdue)), new("final", NoFinal ? "false" : null), new("order", Order),
                new("limit", Limit?.ToString(CultureInfo.InvariantCulture)), new("cursor", cursor),
            };
            foreach (var search in Search)
            {
                Pair.TryParse(search, out var name, out var value);
                query.Add(new("search." + name, value));
            }

            return query;
        }
    }
}
