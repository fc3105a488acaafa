using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub.Management;

/// <summary>
/// The dead-letter queues over HTTP: <c>GET dead-letters</c>, <c>POST dead-letters/replay</c>, <c>POST dead-letters/delete</c>;
/// mapped only when an <see cref="IDeadLetterQueues"/> is registered. Every replay and delete is logged (<see cref="DeadLetterLog"/>).
/// </summary>
internal static class DeadLetterEndpoints
{
    /// <summary>The log category of the dead-letter record.</summary>
    public const string LogCategory = "SagaHub.Management.DeadLetters";

    private static readonly string[] ListParameters = ["queue", "limit"];

    private static readonly JsonSerializerOptions AuditJson = new(JsonSerializerDefaults.Web);

    public static void Map(RouteGroupBuilder group)
    {
        group.MapGet("/dead-letters", ListAsync);
        group.MapPost("/dead-letters/replay", ReplayAsync);
        group.MapPost("/dead-letters/delete", DeleteAsync);
    }

    public static async Task<IResult> ListAsync(HttpContext http, IDeadLetterQueues queues, IOptions<SagaHubManagementOptions> options, CancellationToken ct)
    {
        var settings = options.Value;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var (name, values) in http.Request.Query)
        {
            if (!ListParameters.Contains(name, StringComparer.Ordinal))
            {
                errors[name] = [$"'{name}' is not a parameter of dead-letters; the parameters are: {string.Join(", ", ListParameters)}."];
            }
            else if (values.Count != 1)
            {
                errors[name] = [$"The parameter '{name}' is given more than once; give it once."];
            }
        }

        var limit = settings.PageSize;
        if (http.Request.Query.TryGetValue("limit", out var limitText) && limitText.Count == 1
            && (!int.TryParse(limitText[0], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out limit) || limit < 1 || limit > settings.MaxPageSize))
        {
            errors["limit"] = [$"The limit must be a whole number from 1 to {settings.MaxPageSize}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query string is not valid.");
        }

        var queue = http.Request.Query["queue"].FirstOrDefault();
        try
        {
            var items = await queues.ListAsync(string.IsNullOrWhiteSpace(queue) ? null : queue.Trim(), limit, ct).ConfigureAwait(false);
            return TypedResults.Ok(new DeadLetterPageView([.. items.Select(DeadLetterView.Of)]));
        }
        catch (ArgumentException e)
        {
            return Problems.BadRequest(e.ParamName ?? "queue", Text(e));
        }
        catch (DeadLetterQueueException e)
        {
            return Unavailable(e);
        }
    }

    public static async Task<IResult> ReplayAsync(HttpContext http, DeadLetterReplayRequest? body, IDeadLetterQueues queues, IOptions<SagaHubManagementOptions> options, IOperatorAuditStore auditLog, TimeProvider time, ILoggerFactory loggers)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "The body must be JSON: {\"ids\": [\"...\"], \"by\": \"...\", \"reason\": \"...\"} or {\"all\": true, \"queue\": \"...\", ...}.");
        }

        if (Audit(http, body.By, body.Reason, out var problem) is not { } audit)
        {
            return problem!;
        }

        var ids = Ids(body.Ids);
        var cap = options.Value.BatchCap;
        if (ids.Count > cap)
        {
            return Problems.BadRequest("ids", $"At most {cap} ids at once.");
        }

        var selection = new DeadLetterSelection { Ids = ids, Queue = string.IsNullOrWhiteSpace(body.Queue) ? null : body.Queue.Trim(), All = body.All, Limit = cap };
        try
        {
            selection.Validate();
        }
        catch (ArgumentException e)
        {
            return Problems.BadRequest(e.ParamName ?? "ids", Text(e));
        }

        var what = selection.All ? $"all of {selection.Queue ?? "every queue"} (at most {cap})" : $"{string.Join(", ", ids)} in {selection.Queue ?? "every queue"}";

        // Not the request's token: a replay that has begun runs to its end, so that all it did is answered and logged.
        return await ActAsync("replay", audit, what, new AuditTrail(auditLog, time), loggers, () => queues.ReplayAsync(selection, audit, CancellationToken.None), DeadLetterResult.Replayed, (n, items) => new DeadLetterReplayView(n, items)).ConfigureAwait(false);
    }

    public static async Task<IResult> DeleteAsync(HttpContext http, DeadLetterDeleteRequest? body, IDeadLetterQueues queues, IOptions<SagaHubManagementOptions> options, IOperatorAuditStore auditLog, TimeProvider time, ILoggerFactory loggers)
    {
        if (body is null)
        {
            return Problems.BadRequest("body", "The body must be JSON: {\"ids\": [\"...\"], \"by\": \"...\", \"reason\": \"...\"}.");
        }

        if (Audit(http, body.By, body.Reason, out var problem) is not { } audit)
        {
            return problem!;
        }

        var ids = Ids(body.Ids);
        if (ids.Count == 0)
        {
            return Problems.BadRequest("ids", "Say which messages: give their ids.");
        }

        if (ids.Count > options.Value.BatchCap)
        {
            return Problems.BadRequest("ids", $"At most {options.Value.BatchCap} ids at once.");
        }

        return await ActAsync("delete", audit, string.Join(", ", ids), new AuditTrail(auditLog, time), loggers, () => queues.DeleteAsync(ids, audit, CancellationToken.None), DeadLetterResult.Deleted, (n, items) => new DeadLetterDeleteView(n, items)).ConfigureAwait(false);
    }

    /// <summary>The wire name of a result: <c>replayed</c>, <c>deleted</c>, <c>not-found</c>, <c>failed</c>.</summary>
    public static string Name(DeadLetterResult result) => result switch
    {
        DeadLetterResult.Replayed => "replayed",
        DeadLetterResult.Deleted => "deleted",
        DeadLetterResult.NotFound => "not-found",
        _ => "failed",
    };

    private static async Task<IResult> ActAsync<TView>(
        string action,
        DeadLetterAudit audit,
        string what,
        AuditTrail trail,
        ILoggerFactory loggers,
        Func<Task<IReadOnlyList<DeadLetterOutcome>>> run,
        DeadLetterResult done,
        Func<int, IReadOnlyList<DeadLetterItemView>, TView> view)
    {
        var logger = loggers.CreateLogger(LogCategory);
        var request = trail.Begin("dead-letters." + action, audit, what);
        DeadLetterLog.Requested(logger, action, audit.By, audit.Reason, what);

        // Nothing is touched unless the request is in the audit first: an action that cannot be recorded is not taken.
        try
        {
            await trail.AppendAsync(request).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            DeadLetterLog.NotAudited(logger, action, audit.By, audit.Reason, e.GetType().Name);
            return TypedResults.Problem($"The operator audit cannot be written ({e.GetType().Name}); nothing was {Name(done)}.", statusCode: StatusCodes.Status503ServiceUnavailable, title: "The operator audit cannot be written");
        }

        IReadOnlyList<DeadLetterOutcome> outcomes;
        try
        {
            outcomes = await run().ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await trail.EndAsync(request, OperatorAuditOutcome.Failed, "refused: " + Text(e), null, logger).ConfigureAwait(false);
            return Problems.BadRequest(e.ParamName ?? "queue", Text(e));
        }
        catch (DeadLetterQueueException e)
        {
            DeadLetterLog.Unreachable(logger, action, audit.By, audit.Reason, e.Message);
            await trail.EndAsync(request, OperatorAuditOutcome.Failed, "the queues could not be reached: " + e.Message, null, logger).ConfigureAwait(false);
            return Unavailable(e);
        }

        foreach (var o in outcomes)
        {
            if (o.Result == done)
            {
                DeadLetterLog.Done(logger, o.Id, o.Message?.MessageType, o.Message?.Queue, Name(o.Result), audit.By, audit.Reason, o.Message?.SourceQueue, o.Message?.SagaType, o.Message?.SagaId);
            }
            else
            {
                DeadLetterLog.NotDone(logger, o.Id, o.Message?.MessageType, o.Message?.Queue, action, audit.By, audit.Reason, Name(o.Result), o.Detail);
            }
        }

        var count = outcomes.Count(o => o.Result == done);
        var notFound = outcomes.Count(o => o.Result == DeadLetterResult.NotFound);
        var failed = outcomes.Count(o => o.Result == DeadLetterResult.Failed);
        DeadLetterLog.Summary(logger, action, audit.By, audit.Reason, count, notFound, failed);
        var items = outcomes.Select(DeadLetterItemView.Of).ToList();
        var outcome = count == outcomes.Count ? OperatorAuditOutcome.Done : count == 0 ? OperatorAuditOutcome.Failed : OperatorAuditOutcome.Partial;
        var summary = $"{Name(done)} {count}, not found {notFound}, failed {failed}";
        await trail.EndAsync(request, outcome, summary, JsonSerializer.Serialize(items, AuditJson), logger).ConfigureAwait(false);
        return TypedResults.Ok(view(count, items));
    }

    private static DeadLetterAudit? Audit(HttpContext http, string? by, string? reason, out IResult? problem)
    {
        problem = null;
        if (ManagementContext.Actor(http, by) is not { } actor)
        {
            problem = Problems.BadRequest("by", "Say who acts: sign in, or give \"by\".");
            return null;
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            problem = Problems.BadRequest("reason", "Say why: every replay and delete is recorded with its reason.");
            return null;
        }

        return new DeadLetterAudit(actor, reason.Trim());
    }

    private static List<string> Ids(string[]? ids) =>
        ids is null ? [] : [.. ids.Where(i => !string.IsNullOrWhiteSpace(i)).Select(i => i.Trim()).Distinct(StringComparer.Ordinal)];

    private static IResult Unavailable(DeadLetterQueueException e) =>
        TypedResults.Problem(e.Message, statusCode: StatusCodes.Status503ServiceUnavailable, title: "The dead-letter queues cannot be reached");

    /// <summary>The exception's message without the " (Parameter 'x')" the runtime appends.</summary>
    private static string Text(ArgumentException e) =>
        e.ParamName is { } name ? e.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal) : e.Message;
}
