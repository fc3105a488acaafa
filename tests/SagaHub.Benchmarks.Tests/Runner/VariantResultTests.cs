using System.Diagnostics;
using SagaHub.Benchmarks.Measure;

namespace SagaHub.Benchmarks.Tests.Runner;

public sealed class VariantResultTests
{
    private static readonly IReadOnlyList<GroupUsage> Usage = [new("host", 1.5, 75, 100 << 20, 120 << 20, TimeSpan.FromSeconds(2))];

    [Fact]
    public void From_HundredCompletedInTwoSeconds_ReturnsRatesPerSecond()
    {
        var measured = Phase(100, TimeSpan.FromSeconds(2), Completed(Enumerable.Range(1, 100)));

        var result = From(measured, messagesMeasured: 1000, measuredTransitionsPerOrder: null);

        Assert.Equal(100, result.Submitted);
        Assert.Equal(100, result.Completed);
        Assert.Equal(0, result.Failed);
        Assert.True(result.AllCompleted);
        Assert.Equal(TimeSpan.FromSeconds(2), result.Elapsed);
        Assert.Equal(50, result.SagasPerSecond, 9);
        Assert.Equal(VariantSpec.TransitionsPerOrder, result.TransitionsPerOrder);
        Assert.Equal(200, result.TransitionsPerSecond, 9);
        Assert.Equal(500, result.MessagesPerSecond, 9);
    }

    [Fact]
    public void From_MeasuredTransitionsPerOrder_UsedForTransitionsAndCommitsPerTransition()
    {
        var measured = Phase(10, TimeSpan.FromSeconds(4), Completed(Enumerable.Range(1, 10)));

        var result = From(measured, sagaCommitsPerOrder: 6, measuredTransitionsPerOrder: 5);

        Assert.Equal(5, result.TransitionsPerOrder);
        Assert.Equal(12.5, result.TransitionsPerSecond, 9);
        Assert.Equal(1.2, result.SagaCommitsPerTransition, 9);
    }

    [Fact]
    public void From_CostsPerOrder_PassedThrough()
    {
        var result = From(Phase(1, TimeSpan.FromSeconds(1), Completed([5])), messagesPerOrder: 11.5, sagaCommitsPerOrder: 4.25, serviceCommitsPerOrder: 3.5);

        Assert.Equal(11.5, result.MessagesPerOrder);
        Assert.Equal(4.25, result.SagaCommitsPerOrder);
        Assert.Equal(3.5, result.ServiceCommitsPerOrder);
        Assert.Same(Usage, result.Usage);
        Assert.Equal(120 << 20, result.Host!.PeakHwmBytes);
    }

    [Fact]
    public void From_LatenciesOneToHundredMs_ReturnsNearestRankPercentiles()
    {
        // Shuffled: the percentiles must not depend on the order the end events arrived in.
        var latencies = Enumerable.Range(1, 100).Select(i => (i * 37 % 100) + 1);

        var result = From(Phase(100, TimeSpan.FromSeconds(1), Completed(latencies)));

        Assert.Equal(50, result.P50Ms, 6);
        Assert.Equal(95, result.P95Ms, 6);
        Assert.Equal(99, result.P99Ms, 6);
    }

    [Fact]
    public void From_RejectedAndCancelledOrders_CountAsFailedAndStayOutOfLatencies()
    {
        List<OrderOutcome> ended =
        [
            .. Completed([10, 20, 30, 40]),
            Outcome("Rejected", 5000),
            Outcome("Cancelled", 6000),
            Outcome("NeedsAttention", 7000),
        ];

        var result = From(Phase(7, TimeSpan.FromSeconds(1), ended));

        Assert.Equal(7, result.Submitted);
        Assert.Equal(4, result.Completed);
        Assert.Equal(3, result.Failed);
        Assert.False(result.AllCompleted);
        Assert.Equal(4, result.SagasPerSecond, 9);
        Assert.Equal(40, result.P99Ms, 6);
    }

    [Fact]
    public void From_OrdersThatDidNotEnd_CountAsFailed()
    {
        var result = From(Phase(10, TimeSpan.FromSeconds(60), [.. Completed([1, 2, 3, 4, 5, 6]), Outcome("Rejected", 7)]));

        Assert.Equal(10, result.Submitted);
        Assert.Equal(6, result.Completed);
        Assert.Equal(4, result.Failed);
        Assert.False(result.AllCompleted);
        Assert.Equal(0.1, result.SagasPerSecond, 9);
    }

    [Fact]
    public void From_TimeoutBeforeAllSubmitted_UnsubmittedCountAsFailed()
    {
        // The timeout came while the window was full: 6 of 10 submitted, and those 6 ended after all.
        var result = From(new PhaseResult(Requested: 10, Submitted: 6, Completed([1, 2, 3, 4, 5, 6]), TimeSpan.FromSeconds(60)));

        Assert.Equal(6, result.Submitted);
        Assert.Equal(6, result.Completed);
        Assert.Equal(4, result.Failed);
        Assert.False(result.AllCompleted);
    }

    [Fact]
    public void From_NothingCompleted_ZeroRatesAndNoPercentiles()
    {
        var result = From(Phase(3, TimeSpan.FromSeconds(60), [Outcome("Rejected", 5)]));

        Assert.Equal(0, result.Completed);
        Assert.Equal(3, result.Failed);
        Assert.Equal(0, result.SagasPerSecond);
        Assert.Equal(0, result.TransitionsPerSecond);
        Assert.True(double.IsNaN(result.P50Ms));
        Assert.True(double.IsNaN(result.P95Ms));
        Assert.True(double.IsNaN(result.P99Ms));
        Assert.Equal("0/3 completed in 60.0 s: 0 sagas/s, p50 - ms, p99 - ms, 0.00 saga commits/transition", result.Summary);
    }

    private static VariantResult From(
        PhaseResult measured,
        long messagesMeasured = 0,
        double messagesPerOrder = 0,
        double sagaCommitsPerOrder = 0,
        double serviceCommitsPerOrder = 0,
        double? measuredTransitionsPerOrder = null) =>
        VariantResult.From(VariantSpec.SagaHubDurable(), measured, Usage, messagesMeasured, messagesPerOrder, sagaCommitsPerOrder, serviceCommitsPerOrder, measuredTransitionsPerOrder);

    private static PhaseResult Phase(int submitted, TimeSpan elapsed, IReadOnlyList<OrderOutcome> ended) => new(submitted, submitted, ended, elapsed);

    private static List<OrderOutcome> Completed(IEnumerable<int> latenciesMs) => [.. latenciesMs.Select(ms => Outcome("Completed", ms))];

    /// <summary>An outcome whose <see cref="OrderOutcome.LatencyMs"/> is <paramref name="latencyMs"/>.</summary>
    private static OrderOutcome Outcome(string outcome, double latencyMs)
    {
        const long submittedAt = 1_000_000;
        return new(Guid.NewGuid(), outcome, submittedAt, submittedAt + (long)Math.Round(latencyMs * Stopwatch.Frequency / 1000));
    }
}
