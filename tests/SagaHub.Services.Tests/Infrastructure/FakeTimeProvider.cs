namespace SagaHub.Services.Tests.Infrastructure;

/// <summary>
/// A clock that stands still unless told to move, while its timers and delays run on the system clock. Not Microsoft's
/// <c>FakeTimeProvider</c> (Microsoft.Extensions.TimeProvider.Testing): its timers fire only when it is advanced, so the
/// outbox sweep's <c>Task.Delay</c> on the harness's clock would run a sweep at each <c>Advance</c>, racing the tests' own
/// sweeps, and a dispatch's timeout (<c>WaitAsync</c> on this clock) would never run out.
/// </summary>
public sealed class FakeTimeProvider(DateTimeOffset now) : TimeProvider
{
    public static readonly DateTimeOffset Start = new(2026, 3, 14, 9, 26, 53, TimeSpan.Zero);

    private DateTimeOffset _now = now;

    public FakeTimeProvider()
        : this(Start)
    {
    }

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
