using Microsoft.AspNetCore.Http;

namespace SagaHub.Management;

/// <summary>Operator actions on one saga and on every saga a filter matches.</summary>
internal static class ActionEndpoints
{
    public static async Task<IResult> ChoicesAsync(string type, Guid id, ManagementContext m, CancellationToken ct)
    {
        try
        {
            return TypedResults.Ok(ChoicesView.Of(await m.Operations.ChoicesAsync(type, id, ct).ConfigureAwait(false)));
        }
        catch (Exception e) when (Problems.Of(e) is not null)
        {
            return Problems.Of(e)!;
        }
    }

    public static async Task<IResult> ActAsync(HttpContext http, string type, Guid id, ActionRequest? body, ManagementContext m, CancellationToken ct)
    {
        if (m.Registry.Find(type) is null)
        {
            return SagaEndpoints.UnknownSaga(m, type);
        }

        if (ToAction(http, body, out var problem) is not { } action)
        {
            return problem!;
        }

        try
        {
            action = await WithResumeDefaultAsync(m, type, id, action, ct).ConfigureAwait(false);
            var result = body!.DryRun
                ? await m.Operations.DryRunAsync(type, id, action, ct).ConfigureAwait(false)
                : await m.Operations.ActAsync(type, id, action, ct).ConfigureAwait(false);
            return TypedResults.Ok(ActionResultView.Of(result, body.DryRun));
        }
        catch (Exception e) when (Problems.Of(e) is not null)
        {
            return Problems.Of(e)!;
        }
    }

    public static async Task<IResult> BatchAsync(HttpContext http, BatchRequest? body, ManagementContext m, CancellationToken ct)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "The body must be JSON: {\"filter\": {...}, \"action\": {...}, \"dryRun\": true, \"cap\": 100}.");
        }

        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var filter = SagaFilter.Parse(body.Filter ?? [], m.Now, m.Options, errors);
        var cap = body.Cap ?? m.Options.BatchCap;
        if (cap < 1)
        {
            errors["cap"] = ["The cap must be at least 1."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The batch is not valid.");
        }

        if (ToAction(http, body.Action, out var problem) is not { } template)
        {
            return problem!;
        }

        var matched = await MatchAsync(m, filter with { After = null, Order = SagaQueryOrder.NewestStarted }, cap + 1, ct).ConfigureAwait(false);
        if (matched.Count > cap)
        {
            return Problems.BadRequest("cap", $"The filter matches more than {cap} sagas; narrow it or raise the cap.");
        }

        var batchId = body.BatchId ?? Guid.NewGuid();
        var items = new List<BatchItemView>(matched.Count);
        foreach (var row in matched)
        {
            // One id per saga and batch: a batch sent again with its id changes no saga twice.
            var action = template with { Id = DeterministicIds.For(row.SagaId, batchId, 0) };
            try
            {
                action = await WithResumeDefaultAsync(m, row.SagaType, row.SagaId, action, ct).ConfigureAwait(false);
                var result = body.DryRun
                    ? await m.Operations.DryRunAsync(row.SagaType, row.SagaId, action, ct).ConfigureAwait(false)
                    : await m.Operations.ActAsync(row.SagaType, row.SagaId, action, ct).ConfigureAwait(false);
                var outcome = body.DryRun ? "would-apply" : result.AlreadyApplied ? "already-applied" : "applied";
                items.Add(new BatchItemView(row.SagaType, row.SagaId, outcome, result.To, null));
            }
            catch (SagaActionRejectedException e)
            {
                items.Add(new BatchItemView(row.SagaType, row.SagaId, "rejected", null, e.Message));
            }
            catch (SagaConcurrencyException e)
            {
                items.Add(new BatchItemView(row.SagaType, row.SagaId, "conflict", null, e.Message));
            }
            catch (SagaNotFoundException e)
            {
                items.Add(new BatchItemView(row.SagaType, row.SagaId, "not-found", null, e.Message));
            }
        }

        var applied = items.Count(i => i.Outcome is "applied" or "already-applied" or "would-apply");
        return TypedResults.Ok(new BatchResultView(batchId, body.DryRun, matched.Count, applied, items.Count - applied, items));
    }

    /// <summary>Reassigns a task: an operator action on the task's saga, so it is audited in the saga's history.</summary>
    public static async Task<IResult> ReassignAsync(HttpContext http, Guid taskId, ReassignRequest? body, ManagementContext m, CancellationToken ct)
    {
        if (await m.Tasks.GetAsync(taskId, ct).ConfigureAwait(false) is not { } task)
        {
            return Problems.NotFound($"There is no task {taskId}.");
        }

        var request = new ActionRequest(nameof(SagaActionKind.ReassignTask), null, null, body?.By, body?.Reason, null, null, body?.DryRun ?? false, body?.Assignee);
        return await ActAsync(http, task.SagaType, task.SagaId, request, m, ct).ConfigureAwait(false);
    }

    private static async Task<List<SagaSnapshot>> MatchAsync(ManagementContext m, SagaQuery query, int max, CancellationToken ct)
    {
        var all = new List<SagaSnapshot>();
        var page = query with { Limit = Math.Min(max, m.Options.MaxPageSize) };
        while (all.Count < max)
        {
            var rows = await m.Queries.QueryAsync(page, ct).ConfigureAwait(false);
            all.AddRange(rows.Take(max - all.Count));
            if (rows.Count < page.Limit)
            {
                break;
            }

            page = page with { After = SagaQueryCursor.After(rows[^1], page.Order) };
        }

        return all;
    }

    /// <summary>A resume of a parked saga without a state re-enters the state it parked from, as its history shows.</summary>
    private static async Task<SagaAction> WithResumeDefaultAsync(ManagementContext m, string type, Guid id, SagaAction action, CancellationToken ct)
    {
        if (action.Kind != SagaActionKind.Resume || action.State is not null)
        {
            return action;
        }

        var row = await m.Rows.LoadAsync(type, id, ct).ConfigureAwait(false);
        if (row is not { IsParked: true })
        {
            return action;
        }

        var history = await m.Queries.GetHistoryAsync(type, id, ct).ConfigureAwait(false);
        var choices = await m.Operations.ChoicesAsync(type, id, ct).ConfigureAwait(false);
        var from = history.LastOrDefault(h => h.Kind == SagaHistoryKind.Transition && h.To == row.State && h.From != row.State)?.From;
        return from is not null && choices.Resume.Contains(from) ? action with { State = from } : action;
    }

    private static SagaAction? ToAction(HttpContext http, ActionRequest? body, out IResult? problem)
    {
        problem = null;
        if (body is null)
        {
            problem = Problems.BadRequest("body", "The body must be JSON: {\"kind\": \"resume\", \"reason\": \"...\", \"by\": \"...\"}.");
            return null;
        }

        var kinds = string.Join(", ", Enum.GetNames<SagaActionKind>());
        if (string.IsNullOrWhiteSpace(body.Kind) || !Enum.TryParse<SagaActionKind>(body.Kind.Replace("-", string.Empty, StringComparison.Ordinal), ignoreCase: true, out var kind) || !Enum.IsDefined(kind))
        {
            problem = Problems.BadRequest("kind", $"'{body.Kind}' is not an action; the actions are: {kinds}.");
            return null;
        }

        var by = ManagementContext.Actor(http, body.By);
        if (by is null)
        {
            problem = Problems.BadRequest("by", "Say who acts: sign in, or give \"by\".");
            return null;
        }

        if (string.IsNullOrWhiteSpace(body.Reason))
        {
            problem = Problems.BadRequest("reason", "Say why: every action is recorded with its reason.");
            return null;
        }

        var action = new SagaAction { Kind = kind, By = by, Reason = body.Reason.Trim(), State = body.State, DueAt = body.DueAt, ExpectedVersion = body.ExpectedVersion, Assignee = body.Assignee };
        action = body.ActionId is { } actionId ? action with { Id = actionId } : action;
        try
        {
            action.Validate();
        }
        catch (ArgumentException e)
        {
            problem = Problems.BadRequest(e.ParamName is { } p ? char.ToLowerInvariant(p[0]) + p[1..] : "body", e.Message);
            return null;
        }

        return action;
    }
}
