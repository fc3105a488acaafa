namespace SagaHub.OrdersService.Api;

/// <summary><c>/tasks</c>: the human task inbox.</summary>
internal static class TaskEndpoints
{
    /// <summary>The query parameters <c>GET /tasks</c> takes; any other is 400 (<see cref="QueryParametersFilter"/>).</summary>
    public static readonly string[] Parameters = ["assignee"];

    /// <summary><c>GET /tasks?assignee=</c>: open tasks, by due time.</summary>
    public static async Task<IResult> ListAsync(string? assignee, IHumanTaskInbox inbox, CancellationToken cancellationToken)
    {
        var tasks = await inbox.ListOpenAsync(string.IsNullOrWhiteSpace(assignee) ? null : assignee, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(tasks.Select(Views.Task).ToList());
    }

    /// <summary><c>POST /tasks/{taskId}/approve</c>.</summary>
    public static Task<IResult> ApproveAsync(Guid taskId, HttpContext http, OrdersApiContext api, IHumanTaskInbox inbox, CancellationToken cancellationToken) =>
        DecideAsync(taskId, approve: true, http, api, inbox, cancellationToken);

    /// <summary><c>POST /tasks/{taskId}/reject</c>.</summary>
    public static Task<IResult> RejectAsync(Guid taskId, HttpContext http, OrdersApiContext api, IHumanTaskInbox inbox, CancellationToken cancellationToken) =>
        DecideAsync(taskId, approve: false, http, api, inbox, cancellationToken);

    private static async Task<IResult> DecideAsync(Guid taskId, bool approve, HttpContext http, OrdersApiContext api, IHumanTaskInbox inbox, CancellationToken cancellationToken)
    {
        var body = await api.ReadBodyAsync<TaskDecisionRequest>(http, cancellationToken).ConfigureAwait(false);
        if (body.Value is not { } request)
        {
            return body.Problem!;
        }

        var errors = Validation.Decision(request);
        if (!errors.IsEmpty)
        {
            return api.Invalid(http, errors);
        }

        var task = await inbox.GetAsync(taskId, cancellationToken).ConfigureAwait(false);
        if (task is null)
        {
            return NotFound(taskId);
        }

        if (task.Status != HumanTaskStatus.Open)
        {
            return NotOpen(taskId, task.Status);
        }

        try
        {
            if (approve)
            {
                await inbox.ApproveAsync(taskId, request.By!, request.Comment, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await inbox.RejectAsync(taskId, request.By!, request.Comment, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (HumanTaskNotOpenException e)
        {
            // Closed (or gone) between the read above and the inbox's own check.
            return e.Status is { } status ? NotOpen(taskId, status) : NotFound(taskId);
        }

        var decision = approve ? nameof(HumanTaskStatus.Approved) : nameof(HumanTaskStatus.Rejected);
        api.Logger.TaskDecided(taskId, task.SagaType, task.SagaId, decision, request.By!);
        return TypedResults.Accepted(api.Sagas.Href(task.SagaType, task.SagaId), new TaskDecisionAccepted(taskId, task.SagaType, task.SagaId, decision));
    }

    private static IResult NotFound(Guid taskId) => Problems.NotFound("Task not found", $"There is no human task {taskId}.");

    private static IResult NotOpen(Guid taskId, HumanTaskStatus status) =>
        Problems.Conflict("Task is not open", $"Human task {taskId} is {status}, not open; it can no longer be decided.");
}
