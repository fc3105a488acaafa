namespace SagaHub;

/// <summary>One human task a commit changes, as the saga has it after the message, and how its row changes.</summary>
/// <param name="Task">The task as the saga has it after the message (for a replaced task: closed as <see cref="HumanTaskStatus.Cancelled"/>).</param>
/// <param name="Kind">How its row changes.</param>
public sealed record HumanTaskChange(HumanTask Task, HumanTaskChangeKind Kind)
{
    /// <summary>
    /// What a message did to the saga's human tasks, from the row as read and the row as written; an unchanged task is
    /// not listed.
    /// </summary>
    /// <remarks>
    /// A new task is <see cref="HumanTaskChangeKind.Created"/> (a replaced open task: Closed, as Cancelled); an open task
    /// that changed is <see cref="HumanTaskChangeKind.Updated"/>; one closed, or changed while closed, is
    /// <see cref="HumanTaskChangeKind.Closed"/>; the decided task, still open, is <see cref="HumanTaskChangeKind.Reopened"/>.
    /// </remarks>
    /// <param name="before">The saga row as read (null for a new saga).</param>
    /// <param name="after">The saga row as written.</param>
    /// <param name="decidedTaskId">The task whose <see cref="HumanTaskCompleted"/> this message is, or null for any other message.</param>
    /// <returns>The changes, the replaced task's first; empty when the tasks did not change.</returns>
    public static IReadOnlyList<HumanTaskChange> Between(SagaSnapshot? before, SagaSnapshot after, Guid? decidedTaskId = null)
    {
        ArgumentNullException.ThrowIfNull(after);
        var old = before?.Task;
        var task = after.Task;
        var changes = new List<HumanTaskChange>(2);
        if (old is { Status: HumanTaskStatus.Open } && old.TaskId != task?.TaskId)
        {
            changes.Add(new(old with { Status = HumanTaskStatus.Cancelled, ClosedAt = after.UpdatedAt }, HumanTaskChangeKind.Closed));
        }

        if (task is null)
        {
            return changes;
        }

        if (old?.TaskId != task.TaskId)
        {
            changes.Add(new(task, HumanTaskChangeKind.Created));
        }
        else if (task.TaskId == decidedTaskId && task.Status == HumanTaskStatus.Open)
        {
            changes.Add(new(task, HumanTaskChangeKind.Reopened));
        }
        else if (task != old)
        {
            changes.Add(new(task, task.Status == HumanTaskStatus.Open ? HumanTaskChangeKind.Updated : HumanTaskChangeKind.Closed));
        }

        return changes;
    }
}
