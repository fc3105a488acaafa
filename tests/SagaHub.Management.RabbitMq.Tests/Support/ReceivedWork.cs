namespace SagaHub.Management.RabbitMq.Tests.Support;

/// <summary>A DoWork as its consumer got it: who replayed it and why (the replay's headers), and every header name.</summary>
public sealed record ReceivedWork(DoWork Message, string? ReplayedBy, string? ReplayReason, IReadOnlyList<string> Headers);
