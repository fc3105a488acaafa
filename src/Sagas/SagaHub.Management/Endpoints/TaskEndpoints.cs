using Microsoft.AspNetCore.Http;

namespace SagaHub.Management;

/// <summary>Human tasks: the open ones (for one assignee or all), and their decisions.</summary>
internal static class TaskEndpoints
{
    public static async Task<IResult> ListAsync(string? assignee, ManagementContext m, CancellationToken ct) =>
        TypedResults.Ok(await m.Tasks.ListOpenAsync(string.IsNullOrWhiteSpace(assignee) ? null : assignee, ct).ConfigureAwait(false));

    public static Task<IResult> ApproveAsync(HttpContext http, Guid taskId, DecisionRequest? body, ManagementContext m, CancellationToken ct) =>
        DecideAsync(http, taskId, body, approve: true, m, ct);

    public static Task<IResult> RejectAsync(HttpContext http, Guid taskId, DecisionRequest? body, ManagementContext m, CancellationToken ct) =>
        DecideAsync(http, taskId, body, approve: false, m, ct);

    private static async Task<IResult> DecideAsync(HttpContext http, Guid taskId, DecisionRequest? body, bool approve, ManagementContext m, CancellationToken ct)
    {
        if (ManagementContext.Actor(http, body?.By) is not { } by)
        {
            return Problems.BadRequest("by", "Say who decides: sign in, or give \"by\".");
        }

        try
        {
            if (approve)
            {
                await m.Tasks.ApproveAsync(taskId, by, body?.Comment, ct).ConfigureAwait(false);
            }
            else
            {
                await m.Tasks.RejectAsync(taskId, by, body?.Comment, ct).ConfigureAwait(false);
            }

            return TypedResults.Accepted((string?)null, new { taskId, decision = approve ? "Approved" : "Rejected", by });
        }
        catch (Exception e) when (Problems.Of(e) is not null)
        {
            return Problems.Of(e)!;
        }
    }
}
