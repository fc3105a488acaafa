using System.Globalization;

namespace SagaHub.Management;

/// <summary>
/// The list's filter as query parameters (or a batch's filter object): parsed into a <see cref="SagaQuery"/>, every
/// problem named. <c>search.&lt;name&gt;=&lt;value&gt;</c> matches a searchable value of the saga's data.
/// </summary>
internal static class SagaFilter
{
    public const string SearchPrefix = "search.";

    public static readonly string[] Parameters =
        ["type", "state", "id", "parked", "stuck", "overdue", "final", "startedAfter", "startedBefore", "updatedAfter", "updatedBefore", "order", "limit", "cursor", "search.<name>"];

    /// <summary>Parses the parameters; <paramref name="errors"/> gets one entry per bad or unknown parameter.</summary>
    public static SagaQuery Parse(IEnumerable<KeyValuePair<string, string>> values, DateTimeOffset now, SagaHubManagementOptions options, Dictionary<string, string[]> errors)
    {
        var query = new SagaQuery { Limit = options.PageSize, Order = SagaQueryOrder.NewestStarted };
        var search = new Dictionary<string, string>(StringComparer.Ordinal);
        SagaQueryOrder? cursorOrder = null;
        string? orderGiven = null;
        void Error(string name, string message) => errors[name] = [message];
        DateTimeOffset? Time(string name, string value)
        {
            if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            {
                return t;
            }

            Error(name, $"'{value}' is not a date and time (ISO 8601, for example 2026-12-03T10:00:00Z).");
            return null;
        }

        bool? Flag(string name, string value)
        {
            if (bool.TryParse(value, out var b))
            {
                return b;
            }

            Error(name, $"'{value}' is not true or false.");
            return null;
        }

        foreach (var (rawName, value) in values)
        {
            var name = rawName.Trim();
            if (name.StartsWith(SearchPrefix, StringComparison.OrdinalIgnoreCase) && name.Length > SearchPrefix.Length)
            {
                search[name[SearchPrefix.Length..]] = value;
                continue;
            }

            switch (name.ToLowerInvariant())
            {
                case "type": query = query with { SagaType = value }; break;
                case "state": query = query with { State = value }; break;
                case "id":
                    if (Guid.TryParse(value, out var id))
                    {
                        query = query with { SagaId = id };
                    }
                    else
                    {
                        Error(name, $"'{value}' is not a saga id (a GUID).");
                    }

                    break;
                case "parked": query = query with { Parked = Flag(name, value) }; break;
                case "stuck": query = Flag(name, value) == true ? query with { StuckAt = now } : query; break;
                case "overdue": query = Flag(name, value) == true ? query with { OverdueAt = now, IncludeFinal = false } : query; break;
                case "final": query = query with { IncludeFinal = Flag(name, value) ?? true }; break;
                case "startedafter": query = query with { StartedAfter = Time(name, value) }; break;
                case "startedbefore": query = query with { StartedBefore = Time(name, value) }; break;
                case "updatedafter": query = query with { UpdatedAfter = Time(name, value) }; break;
                case "updatedbefore": query = query with { UpdatedBefore = Time(name, value) }; break;
                case "order":
                    orderGiven = value;
                    switch (value.ToLowerInvariant())
                    {
                        case "newest": query = query with { Order = SagaQueryOrder.NewestStarted }; break;
                        case "updated": query = query with { Order = SagaQueryOrder.RecentlyUpdated }; break;
                        default: Error(name, $"'{value}' is not an order; use newest (by start, the default) or updated."); break;
                    }

                    break;
                case "limit":
                    if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit) && limit >= 1 && limit <= options.MaxPageSize)
                    {
                        query = query with { Limit = limit };
                    }
                    else
                    {
                        Error(name, $"'{value}' is not a limit from 1 to {options.MaxPageSize}.");
                    }

                    break;
                case "cursor":
                    if (CursorToken.TryDecode(value, out var order, out var cursor))
                    {
                        cursorOrder = order;
                        query = query with { After = cursor };
                    }
                    else
                    {
                        Error(name, "The cursor is not one this API gave out; start again without it.");
                    }

                    break;
                default:
                    Error(name, $"Unknown parameter '{(name.Length <= 64 ? name : name[..64] + "…")}'; the parameters are: {string.Join(", ", Parameters)}.");
                    break;
            }
        }

        if (cursorOrder is { } co)
        {
            if (orderGiven is not null && co != query.Order)
            {
                Error("cursor", "The cursor belongs to another order; keep the order of the page it came from.");
            }

            query = query with { Order = co };
        }

        return search.Count == 0 ? query : query with { Search = search };
    }
}
