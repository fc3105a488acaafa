namespace SagaHub;

/// <summary>A state's <c>Retry(...)</c> policy as declared.</summary>
internal sealed class StepRetryModel
{
    public int Attempts { get; set; } = 3;

    public StepBackoff Backoff { get; set; } = StepBackoff.None;

    public TimeSpan? AttemptTimeout { get; set; }

    /// <summary>The answers that fail an attempt, each with its condition and how history names it.</summary>
    public List<RetryableAnswer> Retryable { get; } = [];

    /// <summary>The retryable answer <paramref name="message"/> is, or null.</summary>
    public RetryableAnswer? Match(Type messageType, object message) =>
        Retryable.FirstOrDefault(r => r.MessageType == messageType && r.When(message));
}

/// <summary>An answer that fails the attempt (and so is retried) when <see cref="When"/> holds.</summary>
internal sealed record RetryableAnswer(Type MessageType, Func<object, bool> When, string Label);
