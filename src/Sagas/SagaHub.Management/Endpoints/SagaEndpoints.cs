using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace SagaHub.Management;

/// <summary>Reading sagas: the list with filters and cursor paging, one saga whole, the definitions, and counts.</summary>
internal static class SagaEndpoints
{
    public static async Task<IResult> ListAsync(HttpContext http, ManagementContext m, CancellationToken ct)
    {
        var now = m.Now;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var pairs = http.Request.Query.Select(q => new KeyValuePair<string, string>(q.Key, q.Value.Count == 1 ? q.Value[0] ?? string.Empty : Twice(q.Key, errors)));
        var query = SagaFilter.Parse([.. pairs], now, m.Options, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query string is not valid.");
        }

        var rows = await m.Queries.QueryAsync(query with { Limit = query.Limit + 1 }, ct).ConfigureAwait(false);
        var page = rows.Take(query.Limit).ToList();
        var next = rows.Count > query.Limit ? CursorToken.Encode(query.Order, SagaQueryCursor.After(page[^1], query.Order)) : null;
        var items = new List<SagaRowView>(page.Count);
        foreach (var row in page)
        {
            var stuck = ManagementContext.IsStuck(row, now);
            var reason = stuck ? await ReasonAsync(m, row, ct).ConfigureAwait(false) : null;
            items.Add(new SagaRowView(row.SagaType, row.SagaId, row.State, row.IsFinal, row.IsParked, stuck, row.UpdatedAt, row.CreatedAt, reason, row.SearchValues, row.Deadline?.DueAt, row.Version, Href(http, row)));
        }

        return TypedResults.Ok(new SagaPageView(items, next));
    }

    public static async Task<IResult> GetAsync(HttpContext http, string type, Guid id, ManagementContext m, CancellationToken ct)
    {
        if (m.Registry.Find(type) is not { } saga)
        {
            return UnknownSaga(m, type);
        }

        var row = await m.Rows.LoadAsync(saga.Name, id, ct).ConfigureAwait(false);
        if (row is null)
        {
            return Problems.NotFound($"There is no {saga.Name} with id {id}.");
        }

        var history = await m.Queries.GetHistoryAsync(saga.Name, id, ct).ConfigureAwait(false);
        var choices = await m.Operations.ChoicesAsync(saga.Name, id, ct).ConfigureAwait(false);
        var graph = saga.Describe();
        var waiting = row.IsFinal ? [] : graph.TransitionsFrom(row.State).Select(t => new WaitingForView(t.TriggerName, t.TriggerKind.ToString(), t.StartsCompensation ? t.CompensationState : t.Target, t.GuardReason)).ToList();
        var path = Path(history);
        using var data = JsonDocument.Parse(row.Data);
        return TypedResults.Ok(new SagaDetailView(
            row.SagaType, row.SagaId, row.State, row.IsFinal, row.IsParked, ManagementContext.IsStuck(row, m.Now), row.Version, row.DefinitionVersion,
            row.CreatedAt, row.UpdatedAt, row.ExpectedBy, row.Deadline, row.Attempt, row.Task, row.Compensations, row.Compensating, row.SearchValues, data.RootElement.Clone(),
            waiting, ChoicesView.Of(choices), [.. history.Select(HistoryView.Of)], path, PathDiagram(saga.ToMermaid(), path, row.State)));
    }

    public static IResult ListDefinitions(ManagementContext m) =>
        TypedResults.Ok(m.Registry.Sagas.OrderBy(s => s.Name, StringComparer.Ordinal).Select(Definition).ToList());

    public static IResult GetDefinition(string type, ManagementContext m) =>
        m.Registry.Find(type) is { } saga ? TypedResults.Ok(Definition(saga)) : UnknownSaga(m, type);

    public static IResult UnknownSaga(ManagementContext m, string type) =>
        Problems.NotFound($"This host runs no saga named '{type}'; it runs {string.Join(", ", m.Registry.Sagas.Select(s => s.Name).Order(StringComparer.Ordinal))}.");

    private static DefinitionView Definition(ISagaDefinition saga)
    {
        var graph = saga.Describe();
        var states = graph.States.Select(s => new StateView(
            s.Name,
            s.IsFinal ? "final" : s.IsParked ? "parked" : s.IsCompensating ? "compensating" : "normal",
            s.Timeout,
            s.ExpectedWithin,
            s.HumanTask?.Name)).ToList();
        return new DefinitionView(saga.Name, saga.Version, saga.QueueName, graph.InitialStateName, states, saga.ToMermaid(), saga.ToDot());
    }

    /// <summary>The states the saga went through, in order, from its history's transitions.</summary>
    private static List<string> Path(IReadOnlyList<SagaHistoryEntry> history)
    {
        var path = new List<string>();
        foreach (var entry in history.Where(h => h.Kind == SagaHistoryKind.Transition))
        {
            if (path.Count == 0 || path[^1] != entry.To)
            {
                path.Add(entry.To);
            }
        }

        return path;
    }

    /// <summary>The definition's Mermaid with the states taken and the current state marked.</summary>
    private static string PathDiagram(string mermaid, List<string> path, string current)
    {
        var visited = path.Where(s => s != current).Distinct(StringComparer.Ordinal).ToList();
        var diagram = mermaid + "    classDef visited fill:#e0f2fe,stroke:#0369a1\n    classDef current fill:#fde68a,stroke:#b45309,stroke-width:3px\n";
        if (visited.Count > 0)
        {
            diagram += $"    class {string.Join(",", visited)} visited\n";
        }

        return diagram + $"    class {current} current\n";
    }

    /// <summary>Why a stuck saga is where it is: how it entered its state (the row's detail, else its trigger).</summary>
    private static async Task<string?> ReasonAsync(ManagementContext m, SagaSnapshot row, CancellationToken ct)
    {
        var history = await m.Queries.GetHistoryAsync(row.SagaType, row.SagaId, ct).ConfigureAwait(false);
        var entered = history.LastOrDefault(h => h.Kind == SagaHistoryKind.Transition && h.To == row.State);
        return entered is null ? null : entered.Detail ?? $"{entered.Trigger} in {entered.From}";
    }

    private static string Href(HttpContext http, SagaSnapshot row)
    {
        var path = http.Request.PathBase + http.Request.Path;
        return $"{path}/{Uri.EscapeDataString(row.SagaType)}/{row.SagaId}";
    }

    private static string Twice(string name, Dictionary<string, string[]> errors)
    {
        errors[name] = [$"The parameter '{name}' is given more than once; give it once."];
        return string.Empty;
    }
}
