using System.Globalization;

namespace SagaHub.OrdersService.Api;

/// <summary><c>GET /sagas</c>: an operator's list of saga rows.</summary>
internal static class SagaEndpoints
{
    private const int DefaultLimit = 50;

    /// <summary>The query parameters <c>GET /sagas</c> takes; any other is 400 (<see cref="QueryParametersFilter"/>).</summary>
    public static readonly string[] Parameters = ["type", "state", "stuck", "limit"];

    /// <summary>
    /// <c>GET /sagas?type=&amp;state=&amp;stuck=&amp;limit=</c>, most recently changed first (the store's order: updated
    /// time, then id, descending), so <c>limit</c> keeps the newest. <c>type</c> and <c>state</c> must name a
    /// saga the API knows and one of its states (any case); <c>stuck=true</c> keeps sagas past their deadline by more
    /// than <see cref="OrdersApiOptions.StuckAfter"/> OR parked (two store queries, merged);
    /// <c>stuck=false</c> or no <c>stuck</c> applies no such filter. <c>limit</c>: 1 to <see cref="OrdersApiOptions.MaxQueryLimit"/>, default 50.
    /// </summary>
    public static async Task<IResult> ListAsync(HttpContext http, string? type, string? state, string? stuck, string? limit, OrdersApiContext api, ISagaStore store, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        string? sagaType = null;
        if (!string.IsNullOrWhiteSpace(type))
        {
            sagaType = api.Sagas.FindType(type);
            if (sagaType is null)
            {
                errors.Add("type", $"Unknown saga type '{type}'; known types: {string.Join(", ", api.Sagas.Names)}.");
            }
        }

        string? stateName = null;
        if (!string.IsNullOrWhiteSpace(state) && (sagaType is not null || string.IsNullOrWhiteSpace(type)))
        {
            stateName = api.Sagas.FindState(sagaType, state);
            if (stateName is null)
            {
                errors.Add("state", $"Unknown state '{state}'{(sagaType is null ? string.Empty : $" of {sagaType}")}.");
            }
        }

        var onlyStuck = false;
        if (!string.IsNullOrWhiteSpace(stuck) && !bool.TryParse(stuck, out onlyStuck))
        {
            errors.Add("stuck", "stuck must be true or false.");
        }

        var max = DefaultLimit;
        if (!string.IsNullOrWhiteSpace(limit) && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max < 1 || max > api.Options.MaxQueryLimit))
        {
            errors.Add("limit", string.Create(CultureInfo.InvariantCulture, $"limit must be a whole number from 1 to {api.Options.MaxQueryLimit}."));
        }

        if (!errors.IsEmpty)
        {
            return api.Invalid(http, errors);
        }

        var overdueAt = api.Time.GetUtcNow() - api.Options.StuckAfter;
        var filter = new SagaQuery { SagaType = sagaType, State = stateName, Limit = max };
        IEnumerable<SagaSnapshot> rows;
        if (!onlyStuck)
        {
            rows = await store.QueryAsync(filter, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            var overdue = await store.QueryAsync(filter with { OverdueAt = overdueAt }, cancellationToken).ConfigureAwait(false);
            var parked = await store.QueryAsync(filter with { Parked = true }, cancellationToken).ConfigureAwait(false);
            rows = NewestFirst(overdue.Concat(parked).DistinctBy(s => (s.SagaType, s.SagaId))).Take(max);
        }

        return TypedResults.Ok(rows
            .Select(s => Views.Summary(s, IsStuck(s, overdueAt), api.Sagas.Href(s.SagaType, s.SagaId)))
            .ToList());
    }

    /// <summary>The order of <see cref="ISagaQueryStore.QueryAsync"/>, for the merge of two of its answers.</summary>
    private static IOrderedEnumerable<SagaSnapshot> NewestFirst(IEnumerable<SagaSnapshot> rows) =>
        rows.OrderByDescending(s => s.UpdatedAt).ThenByDescending(s => s.SagaId).ThenBy(s => s.SagaType, StringComparer.Ordinal);

    private static bool IsStuck(SagaSnapshot saga, DateTimeOffset overdueAt) =>
        saga.IsParked || saga.Deadline?.DueAt <= overdueAt;
}
