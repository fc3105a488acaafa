namespace SagaHub;

/// <summary>An operator's action on one saga: what to do, who asks and why; its <see cref="Id"/> makes a retry harmless.</summary>
public sealed record SagaAction
{
    /// <summary>What to do.</summary>
    public required SagaActionKind Kind { get; init; }

    /// <summary>Who acts (a user name), recorded in the saga's history.</summary>
    public required string By { get; init; }

    /// <summary>Why, recorded in the saga's history.</summary>
    public required string Reason { get; init; }

    /// <summary>The state: to resume in (<see cref="SagaActionKind.Resume"/>, the current one when null), to move to, or the final state a cancel ends in.</summary>
    public string? State { get; init; }

    /// <summary>The new due time of a <see cref="SagaActionKind.RescheduleDeadline"/>.</summary>
    public DateTimeOffset? DueAt { get; init; }

    /// <summary>The new assignee of a <see cref="SagaActionKind.ReassignTask"/>.</summary>
    public string? Assignee { get; init; }

    /// <summary>The action's id: the saga's inbox records it, so the same action applied twice changes the saga once.</summary>
    /// <value>Defaults to a new id.</value>
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The saga version the operator saw; the action fails with a conflict when the saga has changed since.</summary>
    public long? ExpectedVersion { get; init; }

    /// <summary>Re-enters <paramref name="state"/>, or the current state when null.</summary>
    /// <param name="by">Who acts.</param>
    /// <param name="reason">Why.</param>
    /// <param name="state">The state to re-enter.</param>
    /// <returns>The action.</returns>
    public static SagaAction Resume(string by, string reason, string? state = null) => new() { Kind = SagaActionKind.Resume, By = by, Reason = reason, State = state };

    /// <summary>Moves to <paramref name="state"/>.</summary>
    /// <param name="state">The target state.</param>
    /// <param name="by">Who acts.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The action.</returns>
    public static SagaAction MoveTo(string state, string by, string reason) => new() { Kind = SagaActionKind.MoveTo, By = by, Reason = reason, State = state };

    /// <summary>Compensates, newest first, then ends in the final state <paramref name="finalState"/>.</summary>
    /// <param name="finalState">The final state.</param>
    /// <param name="by">Who acts.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The action.</returns>
    public static SagaAction Cancel(string finalState, string by, string reason) => new() { Kind = SagaActionKind.Cancel, By = by, Reason = reason, State = finalState };

    /// <summary>Fires the pending deadline now.</summary>
    /// <param name="by">Who acts.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The action.</returns>
    public static SagaAction FireDeadline(string by, string reason) => new() { Kind = SagaActionKind.FireDeadline, By = by, Reason = reason };

    /// <summary>Moves the pending deadline to <paramref name="dueAt"/>.</summary>
    /// <param name="dueAt">The new due time.</param>
    /// <param name="by">Who acts.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The action.</returns>
    public static SagaAction RescheduleDeadline(DateTimeOffset dueAt, string by, string reason) => new() { Kind = SagaActionKind.RescheduleDeadline, By = by, Reason = reason, DueAt = dueAt };

    /// <summary>Gives the open human task to <paramref name="assignee"/>.</summary>
    /// <param name="assignee">The new assignee.</param>
    /// <param name="by">Who acts.</param>
    /// <param name="reason">Why.</param>
    /// <returns>The action.</returns>
    public static SagaAction ReassignTask(string assignee, string by, string reason) => new() { Kind = SagaActionKind.ReassignTask, By = by, Reason = reason, Assignee = assignee };

    /// <summary>Throws when who or why is missing, or the action lacks the state or due time it needs.</summary>
    /// <exception cref="ArgumentException">The action is incomplete.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(By, nameof(By));
        ArgumentException.ThrowIfNullOrWhiteSpace(Reason, nameof(Reason));
        if (Kind is SagaActionKind.MoveTo or SagaActionKind.Cancel && string.IsNullOrWhiteSpace(State))
        {
            throw new ArgumentException($"A {Kind} action needs the state to go to.", nameof(State));
        }

        if (Kind == SagaActionKind.ReassignTask && string.IsNullOrWhiteSpace(Assignee))
        {
            throw new ArgumentException("A ReassignTask action needs the new assignee.", nameof(Assignee));
        }

        if (Kind == SagaActionKind.RescheduleDeadline && DueAt is null)
        {
            throw new ArgumentException("A RescheduleDeadline action needs the new due time.", nameof(DueAt));
        }
    }
}
