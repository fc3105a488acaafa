namespace SagaHub;

/// <summary>How long a step waits before its next attempt: fixed or exponential with a cap, with optional jitter.</summary>
/// <remarks>
/// The wait runs on the saga's own durable clock (a deadline in the store), so it survives restarts and the test
/// harness's fake time advances through it. Jitter is derived from the saga id and the attempt number: spread across
/// sagas, the same on every run of one saga.
/// </remarks>
public sealed record StepBackoff
{
    private StepBackoff(TimeSpan initial, double factor, TimeSpan max, double jitter)
    {
        Initial = initial;
        Factor = factor;
        Max = max;
        Jitter = jitter;
    }

    /// <summary>No wait: the next attempt is sent as soon as the previous one failed.</summary>
    public static StepBackoff None { get; } = new(TimeSpan.Zero, 1, TimeSpan.Zero, 0);

    /// <summary>The wait before the second attempt.</summary>
    public TimeSpan Initial { get; }

    /// <summary>What each wait is multiplied by for the next (1 for a fixed backoff).</summary>
    public double Factor { get; }

    /// <summary>The longest wait.</summary>
    public TimeSpan Max { get; }

    /// <summary>The share of each wait (0 to 1) by which it may be shortened at random.</summary>
    public double Jitter { get; }

    /// <summary>The same wait before every attempt.</summary>
    /// <param name="delay">The wait; zero or more.</param>
    /// <returns>The backoff.</returns>
    public static StepBackoff Fixed(TimeSpan delay) => new(delay, 1, delay, 0);

    /// <summary>A wait that starts at <paramref name="initial"/> and is multiplied by <paramref name="factor"/> each attempt, up to <paramref name="max"/>.</summary>
    /// <param name="initial">The wait before the second attempt; zero or more.</param>
    /// <param name="max">The longest wait; at least <paramref name="initial"/>.</param>
    /// <param name="factor">The multiplier; at least 1.</param>
    /// <returns>The backoff.</returns>
    public static StepBackoff Exponential(TimeSpan initial, TimeSpan max, double factor = 2) => new(initial, factor, max, 0);

    /// <summary>This backoff with each wait shortened by up to <paramref name="fraction"/> of it, so that sagas that failed together do not retry together.</summary>
    /// <param name="fraction">Between 0 and 1.</param>
    /// <returns>The backoff.</returns>
    public StepBackoff WithJitter(double fraction) => new(Initial, Factor, Max, fraction);

    /// <summary>The wait after attempt <paramref name="failed"/> failed, before attempt <paramref name="failed"/> + 1.</summary>
    /// <param name="failed">The attempt that failed, from 1.</param>
    /// <param name="sagaId">The saga, which seeds the jitter.</param>
    /// <returns>The wait.</returns>
    public TimeSpan DelayAfter(int failed, Guid sagaId)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(failed, 1);
        var ticks = Initial.Ticks * Math.Pow(Factor, failed - 1);
        var delay = TimeSpan.FromTicks((long)Math.Min(ticks, Max.Ticks));
        if (Jitter <= 0 || delay <= TimeSpan.Zero)
        {
            return delay;
        }

        var share = Unit(sagaId, failed) * Jitter;
        return delay - TimeSpan.FromTicks((long)(delay.Ticks * share));
    }

    /// <summary>A number in [0, 1) fixed by the saga and the attempt (FNV-1a: the same in every process, unlike <see cref="HashCode"/>).</summary>
    private static double Unit(Guid sagaId, int attempt)
    {
        Span<byte> bytes = stackalloc byte[16];
        sagaId.TryWriteBytes(bytes);
        var hash = 14695981039346656037UL;
        foreach (var b in bytes)
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        hash = (hash ^ (uint)attempt) * 1099511628211UL;
        return (hash >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>What is wrong with this backoff, or null.</summary>
    internal string? Problem() =>
        Initial < TimeSpan.Zero ? $"the backoff's first wait must not be negative, was {Initial}"
        : Max < Initial ? $"the backoff's longest wait {Max} is shorter than its first {Initial}"
        : Factor < 1 || double.IsNaN(Factor) ? $"the backoff's factor must be at least 1, was {Factor}"
        : Jitter is < 0 or > 1 || double.IsNaN(Jitter) ? $"the backoff's jitter must be between 0 and 1, was {Jitter}"
        : null;
}
