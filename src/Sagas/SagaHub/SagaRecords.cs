namespace SagaHub;

/// <summary>What a history row records.</summary>
public enum SagaHistoryKind
{
    /// <summary>The saga moved from one state to another (or re-entered its state).</summary>
    Transition,

    /// <summary>A trigger ran its actions without leaving the state.</summary>
    Stayed,

    /// <summary>The message was not permitted in the state, or every guard failed. Nothing changed.</summary>
    Rejected,

    /// <summary>The state ignores this message by declaration. Nothing changed.</summary>
    Ignored,

    /// <summary>One awaited message of a join arrived.</summary>
    JoinArrival,

    /// <summary>A compensation command was issued (undo of an earlier step).</summary>
    CompensationIssued,

    /// <summary>A compensation was confirmed done.</summary>
    Compensated,

    /// <summary>A human task was created.</summary>
    TaskCreated,

    /// <summary>A human task was past due and escalated to its escalation target.</summary>
    TaskEscalated,
}

/// <summary>One append-only history row of a saga.</summary>
/// <param name="Sequence">Per-saga sequence, gap-free from 1.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after (equal to <paramref name="From"/> when nothing moved).</param>
/// <param name="Trigger">The trigger's name: a message type, <c>Timeout</c>, <c>Approved</c>, ….</param>
/// <param name="MessageId">The id of the message that caused it.</param>
/// <param name="At">When it happened.</param>
/// <param name="Kind">What the row records.</param>
/// <param name="Detail">The reason of a rejection, the compensation issued, and the like.</param>
public sealed record SagaHistoryEntry(
    long Sequence,
    string From,
    string To,
    string Trigger,
    Guid? MessageId,
    DateTimeOffset At,
    SagaHistoryKind Kind,
    string? Detail)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        SagaHistoryKind.Transition => $"#{Sequence} {From} -> {To} on {Trigger}{(Detail is null ? string.Empty : $" ({Detail})")}",
        _ => $"#{Sequence} [{Kind}] {From} on {Trigger}{(Detail is null ? string.Empty : $": {Detail}")}",
    };
}

/// <summary>Which deadline a saga is waiting for.</summary>
public enum SagaDeadlineKind
{
    /// <summary>The state's own timeout.</summary>
    Timeout,

    /// <summary>A human task's due time: escalate it.</summary>
    TaskEscalation,

    /// <summary>A human task's final expiry.</summary>
    TaskExpiry,
}

/// <summary>The one deadline a saga may have at a time. Leaving the state clears it in the same write.</summary>
/// <param name="Id">A fresh id per deadline, so a stale timer message can be told apart.</param>
/// <param name="DueAt">When it comes due.</param>
/// <param name="Kind">What it is for.</param>
public sealed record SagaDeadline(Guid Id, DateTimeOffset DueAt, SagaDeadlineKind Kind);

/// <summary>An undo command registered by a completed step, waiting on the saga's compensation stack.</summary>
/// <param name="Step">The trigger of the step it undoes.</param>
/// <param name="MessageType">The command's type name (full name).</param>
/// <param name="Payload">The command, serialized as JSON.</param>
/// <param name="Destination">The queue it is sent to.</param>
public sealed record PendingCompensation(string Step, string MessageType, string Payload, string Destination);

/// <summary>A compensation run in progress: where the saga goes when the stack is empty, and what it waits for.</summary>
/// <param name="TargetState">The state to enter once every compensation is confirmed.</param>
/// <param name="Awaiting">The compensation issued and not yet confirmed.</param>
/// <param name="Reason">Why the saga compensates (the trigger).</param>
public sealed record CompensationRun(string TargetState, PendingCompensation? Awaiting, string Reason);

/// <summary>Where a human task stands.</summary>
public enum HumanTaskStatus
{
    /// <summary>Waiting for a decision.</summary>
    Open,

    /// <summary>Approved by a person.</summary>
    Approved,

    /// <summary>Rejected by a person.</summary>
    Rejected,

    /// <summary>Nobody decided before its final expiry.</summary>
    Expired,

    /// <summary>The saga left the state some other way.</summary>
    Cancelled,
}

/// <summary>A task for a person, created when a saga enters a state that waits for one.</summary>
/// <param name="TaskId">The task's id (approve and reject by it).</param>
/// <param name="SagaType">The saga definition's name.</param>
/// <param name="SagaId">The saga instance.</param>
/// <param name="Name">What to decide, e.g. "Approve refund".</param>
/// <param name="State">The saga state that waits for it.</param>
/// <param name="Assignee">The person or role it is assigned to now.</param>
/// <param name="EscalateTo">Who gets it when it is past due, if anyone.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="DueAt">When it is due (escalated, or expired when there is no escalation).</param>
/// <param name="ExpiresAt">The final expiry once known (set on escalation).</param>
/// <param name="Escalated">Whether it was escalated.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="DecidedBy">Who approved or rejected it.</param>
/// <param name="ClosedAt">When it stopped being open.</param>
public sealed record HumanTask(
    Guid TaskId,
    string SagaType,
    Guid SagaId,
    string Name,
    string State,
    string Assignee,
    string? EscalateTo,
    DateTimeOffset CreatedAt,
    DateTimeOffset DueAt,
    DateTimeOffset? ExpiresAt,
    bool Escalated,
    HumanTaskStatus Status,
    string? DecidedBy,
    DateTimeOffset? ClosedAt);

/// <summary>A message a transition sends or publishes, kept until the saga's state is saved.</summary>
/// <param name="MessageId">Its id, fixed before the save, so downstream inboxes dedupe a re-dispatch.</param>
/// <param name="MessageType">The CLR type it is sent as.</param>
/// <param name="Message">The message.</param>
/// <param name="Destination">The queue for a command; <c>null</c> for a published event.</param>
public sealed record OutgoingMessage(Guid MessageId, Type MessageType, object Message, string? Destination)
{
    /// <summary>Whether it is published (an event) rather than sent (a command).</summary>
    public bool IsPublish => Destination is null;
}
