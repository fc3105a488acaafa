namespace SagaHub;

/// <summary>A compensation run in progress: where the saga goes when the stack is empty, and what it waits for.</summary>
/// <param name="TargetState">The state to enter once every compensation is confirmed.</param>
/// <param name="Awaiting">The compensation issued and not yet confirmed.</param>
/// <param name="Reason">Why the saga compensates (the trigger).</param>
public sealed record CompensationRun(string TargetState, PendingCompensation? Awaiting, string Reason);
