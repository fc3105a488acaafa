namespace SagaHub;

/// <summary>The one deadline a saga may have at a time. Leaving the state clears it in the same write.</summary>
/// <param name="Id">A fresh id per deadline, so a stale timer message can be told apart.</param>
/// <param name="DueAt">When it comes due.</param>
/// <param name="Kind">What it is for.</param>
public sealed record SagaDeadline(Guid Id, DateTimeOffset DueAt, SagaDeadlineKind Kind);
