namespace SagaHub.Benchmarks.Measure;

/// <summary>Summary statistics of a set of values (e.g. latencies in milliseconds); percentiles by nearest rank.</summary>
internal sealed record DistributionSummary(
    int Count,
    double Min,
    double Mean,
    double P50,
    double P90,
    double P95,
    double P99,
    double Max);

/// <summary>
/// Percentiles by the nearest-rank definition: the p-th percentile of N ascending values is the value at 1-based
/// rank ⌈p/100 × N⌉ (rank 1 for p = 0). It is always one of the values (no interpolation); p100 is the maximum.
/// </summary>
internal static class Percentiles
{
    public static DistributionSummary Summarize(IEnumerable<double> values)
    {
        var sorted = SortedCopy(values);
        double sum = 0;
        foreach (var value in sorted)
        {
            sum += value;
        }

        return new DistributionSummary(
            Count: sorted.Length,
            Min: sorted[0],
            Mean: sum / sorted.Length,
            P50: NearestRankOfSorted(sorted, 50),
            P90: NearestRankOfSorted(sorted, 90),
            P95: NearestRankOfSorted(sorted, 95),
            P99: NearestRankOfSorted(sorted, 99),
            Max: sorted[^1]);
    }

    /// <summary>The nearest-rank <paramref name="percentile"/> (0–100) of <paramref name="values"/> in any order.</summary>
    public static double NearestRank(IEnumerable<double> values, double percentile) =>
        NearestRankOfSorted(SortedCopy(values), percentile);

    /// <summary>The nearest-rank <paramref name="percentile"/> (0–100) of values already sorted ascending.</summary>
    public static double NearestRankOfSorted(IReadOnlyList<double> sorted, double percentile)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("A percentile of no values is undefined; pass at least one value.", nameof(sorted));
        }

        if (double.IsNaN(percentile) || percentile < 0 || percentile > 100)
        {
            throw new ArgumentOutOfRangeException(nameof(percentile), percentile, "A percentile is between 0 and 100.");
        }

        var rank = (int)Math.Ceiling(percentile * sorted.Count / 100);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }

    private static double[] SortedCopy(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var copy = values.ToArray();
        if (copy.Length == 0)
        {
            throw new ArgumentException("Summary statistics of no values are undefined; pass at least one value.", nameof(values));
        }

        if (Array.Exists(copy, double.IsNaN))
        {
            throw new ArgumentException("The values contain NaN.", nameof(values));
        }

        Array.Sort(copy);
        return copy;
    }
}
