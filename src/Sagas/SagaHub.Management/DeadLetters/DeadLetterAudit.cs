namespace SagaHub.Management;

/// <summary>Who replays or deletes dead letters, and why.</summary>
/// <param name="By">The acting person.</param>
/// <param name="Reason">Why.</param>
public sealed record DeadLetterAudit(string By, string Reason);
