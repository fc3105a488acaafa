namespace SagaHub;

/// <summary>The trigger of a join's transition: every awaited message arrived.</summary>
/// <param name="Arrived">The short names of the message types that arrived, in arrival order.</param>
public sealed record JoinCompleted(IReadOnlyList<string> Arrived);
