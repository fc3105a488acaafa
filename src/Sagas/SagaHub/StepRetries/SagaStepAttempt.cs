namespace SagaHub;

/// <summary>Where a state with a <c>Retry(...)</c> policy is in its attempts: persisted with the saga, cleared when it leaves the state.</summary>
/// <param name="Number">The attempt running now or last run, from 1.</param>
/// <param name="Of">The attempts the policy allows.</param>
/// <param name="StepDueAt">When the state's own <c>Timeout(after)</c> ends the whole step, whatever the attempts; null when it has none.</param>
/// <param name="LastFailure">Why the last attempt failed; null while the first runs.</param>
public sealed record SagaStepAttempt(int Number, int Of, DateTimeOffset? StepDueAt, string? LastFailure);
