namespace SagaHub;

/// <summary>How a commit changes one human task's row (see <see cref="HumanTaskChange"/>).</summary>
public enum HumanTaskChangeKind
{
    /// <summary>A task the saga did not have before: its row is inserted.</summary>
    Created,

    /// <summary>
    /// The saga still waits for the task and changed what it owns of it (assignee, escalation, due or expiry time).
    /// </summary>
    /// <remarks>
    /// Only those columns are written; the status stays as the row has it, since a decision may have closed the row
    /// (<see cref="IHumanTaskStore.TryDecideTaskAsync"/>).
    /// </remarks>
    Updated,

    /// <summary>The saga closed the task (approved, rejected, expired, or cancelled because another task replaced it): the whole row is written, status included.</summary>
    Closed,

    /// <summary>
    /// The saga handled a decision of the task and still waits for it (a guard turned the decision down): the whole row
    /// is written, so the decision's close gives way and the task is open again.
    /// </summary>
    Reopened,
}
