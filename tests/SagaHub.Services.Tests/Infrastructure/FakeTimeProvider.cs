namespace SagaHub.Services.Tests.Infrastructure;

/// <summary>A clock that stands still unless told to move (Microsoft's FakeTimeProvider is not available here).</summary>
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
