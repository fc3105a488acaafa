namespace SagaHub.Testing;

/// <summary>
/// A <see cref="TimeProvider"/> whose clock moves only when told to: give it to SagaHub and a
/// 48-hour timeout fires the moment the test advances time by 48 hours.
/// </summary>
public sealed class ManualTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private DateTimeOffset now;

    /// <summary>Creates the clock at <paramref name="start"/> (default 2030-01-01T00:00:00Z).</summary>
    /// <param name="start">The starting time.</param>
    public ManualTimeProvider(DateTimeOffset? start = null) => now = start ?? new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow()
    {
        lock (gate)
        {
            return now;
        }
    }

    /// <summary>Moves the clock forward.</summary>
    /// <param name="by">How far; must not be negative.</param>
    public void Advance(TimeSpan by)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        lock (gate)
        {
            now += by;
        }
    }
}
