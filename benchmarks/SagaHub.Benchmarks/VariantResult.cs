using System.Globalization;
using SagaHub.Benchmarks.Measure;

namespace SagaHub.Benchmarks;

/// <summary>The figures of one variant's measured phase (rates) and of its whole run (costs per order).</summary>
internal sealed record VariantResult
{
    public required VariantSpec Spec { get; init; }

    public required int Submitted { get; init; }

    public required int Completed { get; init; }

    /// <summary>Orders that ended other than Completed, did not end before the timeout, or were not submitted before it.</summary>
    public required int Failed { get; init; }

    public required TimeSpan Elapsed { get; init; }

    public required double SagasPerSecond { get; init; }

    public required double TransitionsPerSecond { get; init; }

    public required double MessagesPerSecond { get; init; }

    public required double MessagesPerOrder { get; init; }

    public required double P50Ms { get; init; }

    public required double P95Ms { get; init; }

    public required double P99Ms { get; init; }

    public required double SagaCommitsPerOrder { get; init; }

    public required double ServiceCommitsPerOrder { get; init; }

    /// <summary>Saga-side commits per transition (the target: at most 1.5 for SagaHub durable).</summary>
    public double SagaCommitsPerTransition => SagaCommitsPerOrder / TransitionsPerOrder;

    public required double TransitionsPerOrder { get; init; }

    public required IReadOnlyList<GroupUsage> Usage { get; init; }

    public GroupUsage? Host => Usage.FirstOrDefault(u => u.Name == "host");

    public bool AllCompleted => Failed == 0 && Completed == Submitted;

    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{Completed}/{Submitted} completed in {Elapsed.TotalSeconds:0.0} s: {Figures.Format(SagasPerSecond, "0")} sagas/s, p50 {Figures.Format(P50Ms, "0.0")} ms, p99 {Figures.Format(P99Ms, "0.0")} ms, {Figures.Format(SagaCommitsPerTransition, "0.00")} saga commits/transition");

    public static VariantResult From(
        VariantSpec spec,
        PhaseResult measured,
        IReadOnlyList<GroupUsage> usage,
        long messagesMeasured,
        double messagesPerOrder,
        double sagaCommitsPerOrder,
        double serviceCommitsPerOrder,
        double? measuredTransitionsPerOrder)
    {
        var completed = measured.Ended.Where(o => o.Outcome == "Completed").ToList();
        var latencies = completed.Select(o => o.LatencyMs).ToList();
        var seconds = measured.Elapsed.TotalSeconds;
        var transitionsPerOrder = measuredTransitionsPerOrder ?? VariantSpec.TransitionsPerOrder;
        return new VariantResult
        {
            Spec = spec,
            Submitted = measured.Submitted,
            Completed = completed.Count,
            Failed = measured.Requested - completed.Count,
            Elapsed = measured.Elapsed,
            SagasPerSecond = completed.Count / seconds,
            TransitionsPerSecond = completed.Count * transitionsPerOrder / seconds,
            MessagesPerSecond = messagesMeasured / seconds,
            MessagesPerOrder = messagesPerOrder,
            P50Ms = latencies.Count == 0 ? double.NaN : Percentiles.NearestRank(latencies, 50),
            P95Ms = latencies.Count == 0 ? double.NaN : Percentiles.NearestRank(latencies, 95),
            P99Ms = latencies.Count == 0 ? double.NaN : Percentiles.NearestRank(latencies, 99),
            SagaCommitsPerOrder = sagaCommitsPerOrder,
            ServiceCommitsPerOrder = serviceCommitsPerOrder,
            TransitionsPerOrder = transitionsPerOrder,
            Usage = usage,
        };
    }
}

/// <summary>What the servers can do on this machine, measured in the same run.</summary>
internal sealed record LimitsResult(double PgBenchTps, int PgBenchClients, double RawRabbitMessagesPerSecond, int RawRabbitMessages);

/// <summary>The timer scenario: how late the simultaneous timeouts fired and were handled.</summary>
internal sealed record TimerResult(int Pending, int Due, int Cancelled, IReadOnlyList<double> FiredLagMs, IReadOnlyList<double> HandledLagMs)
{
    public double FiredP50 => FiredLagMs.Count == 0 ? double.NaN : Percentiles.NearestRank(FiredLagMs, 50);

    public double FiredP99 => FiredLagMs.Count == 0 ? double.NaN : Percentiles.NearestRank(FiredLagMs, 99);

    public double HandledP50 => HandledLagMs.Count == 0 ? double.NaN : Percentiles.NearestRank(HandledLagMs, 50);

    public double HandledP99 => HandledLagMs.Count == 0 ? double.NaN : Percentiles.NearestRank(HandledLagMs, 99);

    public bool AllHandled => Cancelled == Due;

    public string Summary => string.Create(
        CultureInfo.InvariantCulture,
        $"{Cancelled}/{Due} due timeouts handled; due → fired p50 {Figures.Format(FiredP50, "0")} ms, p99 {Figures.Format(FiredP99, "0")} ms; due → handled p50 {Figures.Format(HandledP50, "0")} ms, p99 {Figures.Format(HandledP99, "0")} ms");
}
