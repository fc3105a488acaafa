using MassTransit;

namespace SagaHub;

/// <summary>The task inbox: open human tasks, and the approve/reject calls that become ordinary saga triggers.</summary>
public interface IHumanTaskInbox
{
    /// <summary>Open tasks, optionally for one person or role, by due time.</summary>
    /// <param name="assignee">A person or role; null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tasks.</returns>
    Task<IReadOnlyList<HumanTask>> ListOpenAsync(string? assignee = null, CancellationToken cancellationToken = default);

    /// <summary>One task by id, open or closed; null when unknown.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task or null.</returns>
    Task<HumanTask?> GetAsync(Guid taskId, CancellationToken cancellationToken = default);

    /// <summary>Approves an open task: sends <see cref="HumanTaskCompleted"/> to its saga.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="by">Who approves.</param>
    /// <param name="comment">Optional words.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the decision is sent.</returns>
    /// <exception cref="HumanTaskNotOpenException">The task is unknown or no longer open.</exception>
    Task ApproveAsync(Guid taskId, string by, string? comment = null, CancellationToken cancellationToken = default);

    /// <summary>Rejects an open task: sends <see cref="HumanTaskCompleted"/> to its saga.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="by">Who rejects.</param>
    /// <param name="comment">Optional words.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the decision is sent.</returns>
    /// <exception cref="HumanTaskNotOpenException">The task is unknown or no longer open.</exception>
    Task RejectAsync(Guid taskId, string by, string? comment = null, CancellationToken cancellationToken = default);
}

/// <summary>A decision was made on a task that is unknown or no longer open.</summary>
public sealed class HumanTaskNotOpenException : SagaHubException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="status">Its status, or null when unknown.</param>
    public HumanTaskNotOpenException(Guid taskId, HumanTaskStatus? status)
        : base(status is null ? $"There is no human task {taskId}." : $"Human task {taskId} is {status}, not open.")
    {
        TaskId = taskId;
        Status = status;
    }

    /// <summary>The task id.</summary>
    public Guid TaskId { get; }

    /// <summary>Its status, or null when unknown.</summary>
    public HumanTaskStatus? Status { get; }
}

internal sealed class HumanTaskInbox(ISagaStore store, SagaCatalog catalog, IBus sender) : IHumanTaskInbox
{
    public async Task<IReadOnlyList<HumanTask>> ListOpenAsync(string? assignee = null, CancellationToken cancellationToken = default) =>
        await store.GetOpenTasksAsync(assignee, cancellationToken).ConfigureAwait(false);

    public async Task<HumanTask?> GetAsync(Guid taskId, CancellationToken cancellationToken = default) =>
        await store.GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);

    public Task ApproveAsync(Guid taskId, string by, string? comment = null, CancellationToken cancellationToken = default) =>
        DecideAsync(taskId, true, by, comment, cancellationToken);

    public Task RejectAsync(Guid taskId, string by, string? comment = null, CancellationToken cancellationToken = default) =>
        DecideAsync(taskId, false, by, comment, cancellationToken);

    private async Task DecideAsync(Guid taskId, bool approved, string by, string? comment, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var task = await store.GetTaskAsync(taskId, cancellationToken).ConfigureAwait(false);
        if (task is not { Status: HumanTaskStatus.Open })
        {
            throw new HumanTaskNotOpenException(taskId, task?.Status);
        }

        var saga = catalog.Find(task.SagaType) ?? throw new SagaConfigurationException($"Task {taskId} belongs to saga '{task.SagaType}', which this host does not run.");
        var endpoint = await sender.GetSendEndpoint(new Uri($"queue:{saga.QueueName}")).ConfigureAwait(false);
        await endpoint.Send(new HumanTaskCompleted(task.SagaType, task.SagaId, taskId, approved, by, comment), cancellationToken).ConfigureAwait(false);
    }
}
