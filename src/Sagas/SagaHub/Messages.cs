namespace SagaHub;

/// <summary>
/// SagaHub's timer message: a saga's deadline came due. Sent by the timer service to the saga's
/// own queue and handled like any trigger; a stale one (the saga left the state) changes nothing.
/// </summary>
/// <param name="SagaType">The saga definition's name.</param>
/// <param name="SagaId">The saga instance.</param>
/// <param name="DeadlineId">The deadline that came due; must match the saga's current one.</param>
/// <param name="DueAt">When it was due (timer lag = handling time minus this).</param>
public sealed record SagaTimeoutElapsed(string SagaType, Guid SagaId, Guid DeadlineId, DateTimeOffset DueAt);

/// <summary>A person decided a human task. Sent by <see cref="IHumanTaskInbox"/> to the saga's queue.</summary>
/// <param name="SagaType">The saga definition's name.</param>
/// <param name="SagaId">The saga instance.</param>
/// <param name="TaskId">The task decided; must be the saga's open task.</param>
/// <param name="Approved">True for approve, false for reject.</param>
/// <param name="By">Who decided.</param>
/// <param name="Comment">Optional words from the decider.</param>
public sealed record HumanTaskCompleted(string SagaType, Guid SagaId, Guid TaskId, bool Approved, string By, string? Comment);

/// <summary>The trigger of a join's transition: every awaited message arrived.</summary>
/// <param name="Arrived">The short names of the message types that arrived, in arrival order.</param>
public sealed record JoinCompleted(IReadOnlyList<string> Arrived);
