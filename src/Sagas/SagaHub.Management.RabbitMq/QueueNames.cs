namespace SagaHub.Management.RabbitMq;

/// <summary>MassTransit's dead-letter queue names: <c>&lt;queue&gt;_error</c> for faults, <c>&lt;queue&gt;_skipped</c> for messages no consumer takes.</summary>
internal static class QueueNames
{
    public const string ErrorSuffix = "_error";

    public const string SkippedSuffix = "_skipped";

    /// <summary>The queue a dead letter failed in: its dead-letter queue's name without the suffix.</summary>
    public static string SourceOf(string deadLetterQueue) =>
        deadLetterQueue.EndsWith(ErrorSuffix, StringComparison.Ordinal) ? deadLetterQueue[..^ErrorSuffix.Length]
        : deadLetterQueue.EndsWith(SkippedSuffix, StringComparison.Ordinal) ? deadLetterQueue[..^SkippedSuffix.Length]
        : deadLetterQueue;

    /// <summary>The error and skipped queue of every source queue, in order, each once.</summary>
    public static IReadOnlyList<string> DeadLetterQueuesOf(IEnumerable<string> sources) =>
        [.. sources.Where(s => !string.IsNullOrWhiteSpace(s)).Select(s => s.Trim()).Distinct(StringComparer.Ordinal).SelectMany(s => new[] { s + ErrorSuffix, s + SkippedSuffix })];
}
