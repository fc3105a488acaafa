namespace SagaHub;

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
