using Microsoft.AspNetCore.Http;

namespace SagaHub.Management;

/// <summary>What an operator watches: sagas by type and state, parked, overdue, the oldest overdue deadline, the outbox backlog.</summary>
internal static class CountEndpoints
{
    /// <summary>The outbox rows counted at most; a larger backlog shows as this many.</summary>
    public const int OutboxCountLimit = 10_000;

    public static async Task<IResult> GetAsync(string? type, ManagementContext m, CancellationToken ct)
    {
        if (type is not null && m.Registry.Find(type) is null)
        {
            return SagaEndpoints.UnknownSaga(m, type);
        }

        var now = m.Now;
        var counts = await m.Queries.CountAsync(now, type, ct).ConfigureAwait(false);
        var outbox = await m.Outbox.GetUndispatchedAsync(now, OutboxCountLimit, ct).ConfigureAwait(false);
        var states = counts.Select(c => new StateCountView(c.SagaType, c.State, c.IsFinal, c.IsParked, c.Count, c.Overdue, c.OldestOverdue)).ToList();
        return TypedResults.Ok(new CountsView(
            now,
            states,
            counts.Where(c => c.IsParked).Sum(c => c.Count),
            counts.Sum(c => c.Overdue),
            counts.Min(c => c.OldestOverdue),
            outbox.Count,
            outbox.Count == 0 ? null : outbox.Min(e => e.CreatedAt)));
    }
}
