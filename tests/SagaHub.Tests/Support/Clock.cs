namespace SagaHub.Tests.Support;

/// <summary>Fixed instants, so deadlines and due times can be asserted exactly.</summary>
public static class Clock
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

    public static DateTimeOffset At(TimeSpan after) => T0 + after;
}
