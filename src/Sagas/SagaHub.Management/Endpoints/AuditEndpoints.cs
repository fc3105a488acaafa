using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace SagaHub.Management;

/// <summary>The operator audit over HTTP: <c>GET audit</c>, newest first, by action, with cursor paging.</summary>
internal static class AuditEndpoints
{
    private static readonly string[] Parameters = ["action", "limit", "cursor"];

    public static async Task<IResult> ListAsync(HttpContext http, IOperatorAuditStore audit, IOptions<SagaHubManagementOptions> options, CancellationToken ct)
    {
        var settings = options.Value;
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var query = new OperatorAuditQuery { Limit = settings.PageSize };
        foreach (var (name, values) in http.Request.Query)
        {
            var value = values.Count == 1 ? values[0] ?? string.Empty : null;
            if (!Parameters.Contains(name, StringComparer.Ordinal))
            {
                errors[name] = [$"'{name}' is not a parameter of audit; the parameters are: {string.Join(", ", Parameters)}."];
            }
            else if (value is null)
            {
                errors[name] = [$"The parameter '{name}' is given more than once; give it once."];
            }
            else if (name == "action")
            {
                query = query with { Action = string.IsNullOrWhiteSpace(value) ? null : value.Trim() };
            }
            else if (name == "limit")
            {
                if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= settings.MaxPageSize)
                {
                    query = query with { Limit = limit };
                }
                else
                {
                    errors[name] = [$"The limit must be a whole number from 1 to {settings.MaxPageSize}."];
                }
            }
            else if (TryDecode(value) is { } before)
            {
                query = query with { Before = before };
            }
            else
            {
                errors[name] = ["The cursor is not one this API gave out; start again without it."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The query string is not valid.");
        }

        var rows = await audit.ListAuditAsync(query with { Limit = query.Limit + 1 }, ct).ConfigureAwait(false);
        var page = rows.Take(query.Limit).ToList();
        var next = rows.Count > query.Limit ? Encode(page[^1].Sequence) : null;
        return TypedResults.Ok(new AuditPageView([.. page.Select(AuditEntryView.Of)], next));
    }

    /// <summary>The cursor of the page after the entry with <paramref name="sequence"/>: opaque, base64url.</summary>
    internal static string Encode(long sequence)
    {
        var text = string.Create(CultureInfo.InvariantCulture, $"audit|{sequence}");
        return Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    internal static long? TryDecode(string token)
    {
        try
        {
            var padded = token.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('|');
            return parts.Length == 2 && parts[0] == "audit" && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var sequence) && sequence > 0
                ? sequence
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}

internal sealed record AuditEntryView(Guid Id, long Sequence, Guid RequestId, DateTimeOffset At, string Actor, string Reason, string Action, string Target, string Outcome, string? Summary, JsonElement? Detail)
{
    public static AuditEntryView Of(OperatorAuditEntry e) =>
        new(e.Id, e.Sequence, e.RequestId, e.At, e.Actor, e.Reason, e.Action, e.Target, e.Outcome.ToString().ToLowerInvariant(), e.Summary, Json(e.Detail));

    private static JsonElement? Json(string? detail)
    {
        if (detail is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(detail);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(detail);
        }
    }
}

internal sealed record AuditPageView(IReadOnlyList<AuditEntryView> Items, string? Next);
