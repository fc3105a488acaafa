namespace SagaHub;

/// <summary>The trigger of <c>OnRetriesExhausted()</c>: a step's last attempt failed or timed out.</summary>
/// <param name="Attempts">How many attempts were made.</param>
/// <param name="LastFailure">Why the last one failed.</param>
public sealed record StepRetriesExhausted(int Attempts, string LastFailure);
