using SagaHub.Benchmarks.Measure;

namespace SagaHub.Benchmarks.Tests.Measure;

public sealed class PercentilesTests
{
    [Theory]
    [InlineData(0, 15)]
    [InlineData(5, 15)]
    [InlineData(30, 20)]
    [InlineData(40, 20)]
    [InlineData(50, 35)]
    [InlineData(100, 50)]
    public void NearestRank_WikipediaExample_ReturnsValueAtCeilingRank(double percentile, double expected)
    {
        Assert.Equal(expected, Percentiles.NearestRank([50, 15, 40, 35, 20], percentile));
    }

    [Fact]
    public void Summarize_OneToHundred_ReturnsNearestRankFigures()
    {
        var summary = Percentiles.Summarize(Enumerable.Range(1, 100).Select(i => (double)(101 - i)));

        Assert.Equal(new DistributionSummary(Count: 100, Min: 1, Mean: 50.5, P50: 50, P90: 90, P95: 95, P99: 99, Max: 100), summary);
    }

    [Fact]
    public void Summarize_OneValue_ReturnsItEverywhere()
    {
        var summary = Percentiles.Summarize([7.5]);

        Assert.Equal(new DistributionSummary(1, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5, 7.5), summary);
    }

    [Fact]
    public void Summarize_TenValues_P99IsTheMaximum()
    {
        var summary = Percentiles.Summarize([1, 2, 3, 4, 5, 6, 7, 8, 9, 1000]);

        Assert.Equal(5, summary.P50);
        Assert.Equal(1000, summary.P95);
        Assert.Equal(1000, summary.P99);
        Assert.Equal(104.5, summary.Mean);
    }

    [Fact]
    public void Summarize_Empty_ThrowsArgumentException()
    {
        var error = Assert.Throws<ArgumentException>(() => Percentiles.Summarize([]));

        Assert.Contains("at least one value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Summarize_NaN_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Percentiles.Summarize([1, double.NaN]));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(100.5)]
    [InlineData(double.NaN)]
    public void NearestRank_PercentileOutOfRange_Throws(double percentile)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Percentiles.NearestRank([1, 2, 3], percentile));
    }
}
