namespace SagaHub;

/// <summary>A person decided a human task. Sent by <see cref="IHumanTaskInbox"/> to the saga's queue.</summary>
/// <param name="SagaType">The saga definition's name.</param>
/// <param name="SagaId">The saga instance.</param>
/// <param name="TaskId">The task decided; must be the saga's open task.</param>
/// <param name="Approved">True for approve, false for reject.</param>
/// <param name="By">Who decided.</param>
/// <param name="Comment">Optional words from the decider.</param>
public sealed record HumanTaskCompleted(string SagaType, Guid SagaId, Guid TaskId, bool Approved, string By, string? Comment);
