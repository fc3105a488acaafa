namespace SagaHub;

/// <summary>What <see cref="IHumanTaskStore.TryDecideTaskAsync"/> did.</summary>
/// <param name="Decided">True when this call closed the open task and wrote its message to the outbox; false when the task is unknown or was not open.</param>
/// <param name="Status">The task's status: the decided one, else as found; null when there is no such task.</param>
public sealed record HumanTaskDecisionResult(bool Decided, HumanTaskStatus? Status);
