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
