using System.ComponentModel.DataAnnotations;

namespace SagaHub;

/// <summary>
/// Bounded exponential retry for a saga or a service consumer: failures are retried with growing, randomised delays;
/// exceptions listed in <see cref="NonRetryable"/> go to the endpoint's error queue at once.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Configuration section name (<c>SagaHub:Retry</c>).</summary>
    public const string SectionName = "SagaHub:Retry";

    /// <summary>How many times a failed message is retried before it faults.</summary>
    /// <value>Defaults to 5.</value>
    [Range(0, 100)]
    public int RetryLimit { get; set; } = 5;

    /// <summary>The shortest delay before a retry.</summary>
    /// <value>Defaults to 50 ms.</value>
    public TimeSpan MinInterval { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>The longest delay before a retry.</summary>
    /// <value>Defaults to 10 s.</value>
    public TimeSpan MaxInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The base step the delay grows by, doubled on every attempt.</summary>
    /// <remarks>MassTransit draws each delay at random between 80 % and 120 % of the step (the jitter).</remarks>
    /// <value>Defaults to 100 ms.</value>
    public TimeSpan IntervalDelta { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How many more attempts, after the retries above, a message gets when its failure on the last of them is the
    /// infrastructure's (<see cref="RetryConfigurationExtensions.IsTransient"/>); 0 turns it off.
    /// </summary>
    /// <remarks>
    /// Each is one more attempt (not the policy above again), after a longer wait (<see cref="TransientMinInterval"/> growing
    /// up to <see cref="TransientMaxInterval"/>). So a message is tried at most <see cref="MaxAttempts"/> times, and at most
    /// <see cref="MaxAttemptsWhenTransient"/> times while the infrastructure fails: with the defaults 6 and 14. Saga steps
    /// that need attempts visible in the saga's history, on the saga's clock, are a different thing: declare them on the step.
    /// </remarks>
    /// <value>Defaults to 8 (with the default intervals, about two minutes of waiting).</value>
    [Range(0, 100)]
    public int TransientRetryLimit { get; set; } = 8;

    /// <summary>The most times a message is tried when its failures are not the infrastructure's: the first attempt and <see cref="RetryLimit"/> retries.</summary>
    public int MaxAttempts => 1 + RetryLimit;

    /// <summary>The most times a message is tried while the infrastructure fails: <see cref="MaxAttempts"/> and <see cref="TransientRetryLimit"/> more.</summary>
    /// <remarks>The second tier is a consumer filter: it applies to service consumers; a saga endpoint's retry is <see cref="MaxAttempts"/> alone.</remarks>
    public int MaxAttemptsWhenTransient => MaxAttempts + TransientRetryLimit;

    /// <summary>The shortest wait before a retry of an infrastructure failure (see <see cref="TransientRetryLimit"/>).</summary>
    /// <value>Defaults to 1 s.</value>
    public TimeSpan TransientMinInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait before a retry of an infrastructure failure.</summary>
    /// <value>Defaults to 30 s.</value>
    public TimeSpan TransientMaxInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The base step the wait for an infrastructure failure grows by, doubled on every attempt (with jitter).</summary>
    /// <value>Defaults to 1 s.</value>
    public TimeSpan TransientIntervalDelta { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Exception types that are never retried: the message faults on the first failure.
    /// SagaHub always adds its own non-retryable exceptions (an unknown saga, a broken definition).
    /// </summary>
    public IList<Type> NonRetryable { get; } = new List<Type>
    {
        typeof(ArgumentException),
        typeof(InvalidOperationException),
        typeof(NotSupportedException),
        typeof(NotImplementedException),
        typeof(System.Text.Json.JsonException),
    };

    /// <summary>Throws <see cref="SagaConfigurationException"/> when the values cannot make a bounded retry.</summary>
    public void Validate(string owner)
    {
        if (RetryLimit < 0)
        {
            throw new SagaConfigurationException($"Retry for '{owner}': RetryLimit must be 0 or more, was {RetryLimit}.");
        }

        if (MinInterval < TimeSpan.Zero || MaxInterval < MinInterval || IntervalDelta < TimeSpan.Zero)
        {
            throw new SagaConfigurationException(
                $"Retry for '{owner}': need 0 <= MinInterval <= MaxInterval and IntervalDelta >= 0 (were {MinInterval}, {MaxInterval}, {IntervalDelta}).");
        }

        if (TransientRetryLimit < 0)
        {
            throw new SagaConfigurationException($"Retry for '{owner}': TransientRetryLimit must be 0 or more, was {TransientRetryLimit}.");
        }

        if (TransientMinInterval < TimeSpan.Zero || TransientMaxInterval < TransientMinInterval || TransientIntervalDelta < TimeSpan.Zero)
        {
            throw new SagaConfigurationException(
                $"Retry for '{owner}': need 0 <= TransientMinInterval <= TransientMaxInterval and TransientIntervalDelta >= 0 (were {TransientMinInterval}, {TransientMaxInterval}, {TransientIntervalDelta}).");
        }

        foreach (var type in NonRetryable)
        {
            if (!typeof(Exception).IsAssignableFrom(type))
            {
                throw new SagaConfigurationException($"Retry for '{owner}': NonRetryable holds '{type}', which is not an exception type.");
            }
        }
    }

    /// <summary>A copy, so one saga's or consumer's changes never leak into another's.</summary>
    public RetryOptions Clone()
    {
        var copy = new RetryOptions
        {
            RetryLimit = RetryLimit,
            MinInterval = MinInterval,
            MaxInterval = MaxInterval,
            IntervalDelta = IntervalDelta,
            TransientRetryLimit = TransientRetryLimit,
            TransientMinInterval = TransientMinInterval,
            TransientMaxInterval = TransientMaxInterval,
            TransientIntervalDelta = TransientIntervalDelta,
        };
        copy.NonRetryable.Clear();
        foreach (var type in NonRetryable)
        {
            copy.NonRetryable.Add(type);
        }

        return copy;
    }
}
