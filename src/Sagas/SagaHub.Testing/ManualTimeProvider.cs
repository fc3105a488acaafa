using Microsoft.Extensions.Time.Testing;

namespace SagaHub.Testing;

/// <summary>
/// The harness's clock: a <see cref="FakeTimeProvider"/> that starts at 2030-01-01T00:00:00Z and moves only when told to,
/// so a 48-hour timeout fires when the test advances 48 hours, and a test service's <c>Task.Delay(t, clock)</c> ends then too.
/// </summary>
public sealed class ManualTimeProvider : FakeTimeProvider
{
    /// <summary>Creates the clock at <paramref name="start"/> (default 2030-01-01T00:00:00Z).</summary>
    /// <param name="start">The starting time.</param>
    public ManualTimeProvider(DateTimeOffset? start = null)
        : base(start ?? new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
    }
}
