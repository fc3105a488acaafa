namespace SagaHub.Cli.Tests.Commands;

public sealed class DueAtTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("+30m", 30)]
    [InlineData("+2h", 120)]
    [InlineData("+1.5h", 90)]
    [InlineData("+1d", 1440)]
    [InlineData("+90s", 1.5)]
    public void TryParse_FromNow_AddsToNow(string text, double minutes)
    {
        Assert.True(DueAt.TryParse(text, Now, out var dueAt));
        Assert.Equal(Now.AddMinutes(minutes), dueAt);
    }

    [Theory]
    [InlineData("2025-03-02T08:00:00Z", "2025-03-02T08:00:00+00:00")]
    [InlineData("2025-03-02T08:00:00", "2025-03-02T08:00:00+00:00")]
    [InlineData("2025-03-02T10:00:00+02:00", "2025-03-02T10:00:00+02:00")]
    public void TryParse_Iso8601_IsUtcUnlessItSaysOtherwise(string text, string expected)
    {
        Assert.True(DueAt.TryParse(text, Now, out var dueAt));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), dueAt);
    }

    [Theory]
    [InlineData("+2w")]
    [InlineData("+h")]
    [InlineData("+-1h")]
    [InlineData("tomorrow")]
    public void TryParse_Garbage_ReturnsFalse(string text)
    {
        Assert.False(DueAt.TryParse(text, Now, out _));
    }
}
