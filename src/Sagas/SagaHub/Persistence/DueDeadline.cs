namespace SagaHub;

/// <summary>A claimed deadline to fire.</summary>
/// <param name="SagaType">The saga definition's name.</param>
/// <param name="SagaId">The saga instance.</param>
/// <param name="Deadline">The deadline.</param>
public sealed record DueDeadline(string SagaType, Guid SagaId, SagaDeadline Deadline);
