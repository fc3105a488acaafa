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

    /// <summary>Approves an open task: closes it and queues <see cref="HumanTaskCompleted"/> for its saga in one store transaction (of concurrent decisions exactly one wins), then sends it.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="by">Who approves.</param>
    /// <param name="comment">Optional words.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the decision is durable (closed in the store with its message in the outbox) and, unless the send failed, sent.</returns>
    /// <exception cref="HumanTaskNotOpenException">The task is unknown or no longer open.</exception>
    Task ApproveAsync(Guid taskId, string by, string? comment = null, CancellationToken cancellationToken = default);

    /// <summary>Rejects an open task: closes it and queues <see cref="HumanTaskCompleted"/> for its saga in one store transaction (of concurrent decisions exactly one wins), then sends it.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="by">Who rejects.</param>
    /// <param name="comment">Optional words.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the decision is durable (closed in the store with its message in the outbox) and, unless the send failed, sent.</returns>
    /// <exception cref="HumanTaskNotOpenException">The task is unknown or no longer open.</exception>
    Task RejectAsync(Guid taskId, string by, string? comment = null, CancellationToken cancellationToken = default);
}
