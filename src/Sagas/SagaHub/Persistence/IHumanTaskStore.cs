namespace SagaHub;

/// <summary>
/// The store's role for the task inbox: the rows of human tasks (written by saga commits, see
/// <see cref="SagaCommit.TaskChanges"/>), and a person's decision, closed with its message in one transaction.
/// </summary>
public interface IHumanTaskStore
{
    /// <summary>Finds a human task by id.</summary>
    /// <param name="taskId">The task id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The task, or null.</returns>
    ValueTask<HumanTask?> GetTaskAsync(Guid taskId, CancellationToken cancellationToken = default);

    /// <summary>Open human tasks, optionally for one assignee, by due time.</summary>
    /// <param name="assignee">A person or role, or null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The tasks.</returns>
    ValueTask<IReadOnlyList<HumanTask>> GetOpenTasksAsync(string? assignee, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a person's decision in one transaction: closes the task's row as <see cref="HumanTaskDecision.Status"/> only
    /// if it is still <see cref="HumanTaskStatus.Open"/>, and writes <see cref="HumanTaskDecision.Message"/> to the outbox.
    /// </summary>
    /// <remarks>
    /// Of concurrent decisions exactly one wins. The caller dispatches the message and marks it dispatched
    /// (<see cref="ISagaOutboxStore.MarkDispatchedAsync"/>), else the sweep sends it. The saga's commit then rewrites the
    /// row with the status it applied (<see cref="HumanTaskChangeKind.Closed"/>, or <see cref="HumanTaskChangeKind.Reopened"/>).
    /// </remarks>
    /// <param name="decision">The decision and its message.</param>
    /// <param name="cancellationToken">Cancels the call (nothing is written then).</param>
    /// <returns>Whether this call decided the task, and the task's status.</returns>
    ValueTask<HumanTaskDecisionResult> TryDecideTaskAsync(HumanTaskDecision decision, CancellationToken cancellationToken = default);
}
