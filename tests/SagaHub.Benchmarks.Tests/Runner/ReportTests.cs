using SagaHub.Benchmarks.Measure;

namespace SagaHub.Benchmarks.Tests.Runner;

public sealed class ReportTests
{
    private static readonly BenchOptions Options = BenchOptions.Parse(["--smoke"]);

    [Fact]
    public void Render_Results_OneTableRowPerVariant()
    {
        var durable = Result(VariantSpec.SagaHubDurable(), sagasPerSecond: 120.4) with
        {
            Completed = 298,
            Submitted = 300,
            TransitionsPerSecond = 481.6,
            MessagesPerSecond = 2400.2,
            P50Ms = 12.34,
            P95Ms = 45.66,
            P99Ms = 80.04,
            SagaCommitsPerOrder = 5,
            ServiceCommitsPerOrder = 3.25,
            TransitionsPerOrder = 4,
        };
        var memory = Result(VariantSpec.SagaHubMemory, sagasPerSecond: 900);

        var report = Render([durable, memory]);

        Assert.Contains(
            "| SagaHub, durable (PostgreSQL: inbox, outbox, history) | 1 | 298/300 | 120 | 482 | 2400 | 12.3 | 45.7 | 80.0 | 1.25 | 8.3 | 200 |",
            report,
            StringComparison.Ordinal);
        Assert.Contains("| SagaHub, in-memory store | 1 | 300/300 | 900 | ", report, StringComparison.Ordinal);
        Assert.Contains("| - | ", report, StringComparison.Ordinal); // the in-memory store keeps no saga rows: no commits per transition
        Assert.Contains("| sagahub-durable | 75 | 0 | 0 | 0 | 0 | 0 | 0 | 75 |", report, StringComparison.Ordinal);
        Assert.Contains("`scripts/bench.sh --smoke`", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(150, 100, "150 ÷ 100 = **1.50×** (target ≥ 1.0×: met)")]
    [InlineData(100, 100, "100 ÷ 100 = **1.00×** (target ≥ 1.0×: met)")]
    [InlineData(99, 100, "99 ÷ 100 = **0.99×** (target ≥ 1.0×: missed)")]
    public void Render_DurableAndHandRolled_RatioAgainstTarget(double durable, double handRolled, string expected)
    {
        var report = Render([Result(VariantSpec.SagaHubDurable(), durable), Result(VariantSpec.HandRolled, handRolled)]);

        Assert.Contains("- SagaHub durable ÷ hand-rolled, completed sagas/s: " + expected, report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1300, 1000, "1300 ÷ 1000 = **1.30×** (target ≥ 1.0×: met)")]
    [InlineData(800, 1000, "800 ÷ 1000 = **0.80×** (target ≥ 1.0×: missed)")]
    public void Render_InMemoryAndMassTransit_RatioAgainstTarget(double memory, double massTransit, string expected)
    {
        var report = Render([Result(VariantSpec.SagaHubMemory, memory), Result(VariantSpec.MassTransit, massTransit)]);

        Assert.Contains("- SagaHub in-memory ÷ MassTransit state machine, completed sagas/s: " + expected, report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(95, "95 ÷ 100 = **0.95×** (target ≥ 0.90×: met)")]
    [InlineData(90, "90 ÷ 100 = **0.90×** (target ≥ 0.90×: met)")]
    [InlineData(85, "85 ÷ 100 = **0.85×** (target ≥ 0.90×: missed)")]
    public void Render_PrefilledAndEmpty_RatioAgainstTarget(double prefilled, string expected)
    {
        var full = Result(VariantSpec.Prefilled(20_000), prefilled) with { P99Ms = 55.54 };
        var empty = Result(VariantSpec.SagaHubDurable(), 100) with { P99Ms = 44.44 };

        var report = Render([empty, full]);

        Assert.Contains("- 20,000 finished sagas stored ÷ empty database, completed sagas/s: " + expected + "; p99 55.5 ms vs 44.4 ms", report, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(999, "**p99 999 ms** (target < 1000 ms: met)")]
    [InlineData(1000, "**p99 1000 ms** (target < 1000 ms: missed)")]
    [InlineData(2500, "**p99 2500 ms** (target < 1000 ms: missed)")]
    public void Render_Timers_P99AgainstTarget(double p99, string expected)
    {
        // 100 lags: 1..99 ms and the p99 itself (nearest rank 99 of 100 is the 99th value).
        List<double> fired = [.. Enumerable.Range(1, 98).Select(i => (double)i), p99, p99 + 1];
        var timers = new TimerResult(5000, 100, 100, fired, [.. fired.Select(f => f + 10)]);

        var report = Render([], timers: timers);

        Assert.Contains("- timers, 5,000 pending, 100 due at once: due → fired p50 50 ms, " + expected, report, StringComparison.Ordinal);
        Assert.Contains("due → timeout handled p50 60 ms", report, StringComparison.Ordinal);
        Assert.Contains("100/100 orders cancelled by their timeout", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Limits_LimitsLineAndRatiosPerOneHostRun()
    {
        var durable = Result(VariantSpec.SagaHubDurable(), 100) with { SagaCommitsPerOrder = 5, ServiceCommitsPerOrder = 3, MessagesPerSecond = 1500 };
        var scaled = Result(VariantSpec.SagaHubDurable(2), 150);
        var limits = new LimitsResult(PgBenchTps: 4000, PgBenchClients: 8, RawRabbitMessagesPerSecond: 30000, RawRabbitMessages: 20000);

        var report = Render([durable, scaled], limits: limits);

        Assert.Contains("pgbench single-row UPDATE, 8 clients: **4000 TPS**", report, StringComparison.Ordinal);
        Assert.Contains("**30000 msg/s** (20000 messages)", report, StringComparison.Ordinal);
        Assert.Contains("- sagahub-durable: database commits/s ÷ pgbench TPS = 800 ÷ 4000 = **0.20**; messages/s ÷ raw RabbitMQ = 1500 ÷ 30000 = **0.05**", report, StringComparison.Ordinal);
        Assert.DoesNotContain("- sagahub-durable-x2: database commits/s", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ScaleRuns_RelativeToTheOneHostRun()
    {
        var report = Render([Result(VariantSpec.SagaHubDurable(), 100), Result(VariantSpec.SagaHubDurable(2), 150), Result(VariantSpec.SagaHubDurable(4), 180)]);

        Assert.Contains("- durable hosts on one queue: 1 → 100/s (1.00×), 2 → 150/s (1.50×), 4 → 180/s (1.80×)", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_Failures_ListedInTheirSection()
    {
        var report = Render([Result(VariantSpec.HandRolled, 10)], failures: ["handrolled: 3 of 300 orders did not complete", "timers: boom"]);

        Assert.Contains("Failures:\n\n- handrolled: 3 of 300 orders did not complete\n- timers: boom\n", report.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NoFailures_NoFailuresSection()
    {
        var report = Render([Result(VariantSpec.HandRolled, 10)]);

        Assert.DoesNotContain("Failures:", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_BaselineMissing_NoRatioLine()
    {
        var report = Render([Result(VariantSpec.SagaHubDurable(), 100), Result(VariantSpec.SagaHubMemory, 100), Result(VariantSpec.Prefilled(20_000), 90)]);

        Assert.DoesNotContain("÷ hand-rolled", report, StringComparison.Ordinal);
        Assert.DoesNotContain("÷ MassTransit", report, StringComparison.Ordinal);
        Assert.Contains("finished sagas stored ÷ empty database", report, StringComparison.Ordinal);
        Assert.DoesNotContain("- timers", report, StringComparison.Ordinal);
        Assert.DoesNotContain("durable hosts on one queue", report, StringComparison.Ordinal);
        Assert.DoesNotContain("Limits, same servers", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_MeasuredVariantMissing_NoRatioLine()
    {
        var report = Render([Result(VariantSpec.HandRolled, 100), Result(VariantSpec.MassTransit, 100), Result(VariantSpec.Prefilled(20_000), 90)]);

        Assert.DoesNotContain("÷ hand-rolled", report, StringComparison.Ordinal);
        Assert.DoesNotContain("÷ MassTransit", report, StringComparison.Ordinal);
        Assert.DoesNotContain("÷ empty database", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_NothingCompleted_DashesInsteadOfNaN()
    {
        var broken = Result(VariantSpec.HandRolled, 0) with
        {
            Completed = 0,
            Failed = 300,
            TransitionsPerSecond = 0,
            P50Ms = double.NaN,
            P95Ms = double.NaN,
            P99Ms = double.NaN,
            TransitionsPerOrder = 0,
        };
        var timers = new TimerResult(5000, 100, 0, [], []);

        var report = Render([Result(VariantSpec.SagaHubDurable(), 100), broken], timers: timers);

        Assert.DoesNotContain("NaN", report, StringComparison.Ordinal);
        Assert.DoesNotContain("∞", report, StringComparison.Ordinal);
        Assert.Contains("| Hand-rolled consumers + Npgsql status column | 1 | 0/300 | 0 | 0 | 2000 | - | - | - | - |", report, StringComparison.Ordinal);
        Assert.Contains("- SagaHub durable ÷ hand-rolled, completed sagas/s: 100 ÷ 0 = **-** (target ≥ 1.0×: not measured)", report, StringComparison.Ordinal);
        Assert.Contains("due → fired p50 - ms, **p99 - ms** (target < 1000 ms: missed)", report, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_ScaleRunWithoutOneHostRun_NoScaleLine()
    {
        // The one-host run failed: the scale runs have nothing to be relative to.
        var report = Render([Result(VariantSpec.SagaHubDurable(2), 150), Result(VariantSpec.SagaHubDurable(4), 180)]);

        Assert.DoesNotContain("durable hosts on one queue", report, StringComparison.Ordinal);
    }

    private static string Render(IReadOnlyList<VariantResult> results, LimitsResult? limits = null, TimerResult? timers = null, IReadOnlyList<string>? failures = null) =>
        Report.Render(Options, ["--smoke"], results, limits, timers, failures ?? []);

    private static VariantResult Result(VariantSpec spec, double sagasPerSecond) => new()
    {
        Spec = spec,
        Submitted = 300,
        Completed = 300,
        Failed = 0,
        Elapsed = TimeSpan.FromSeconds(3),
        SagasPerSecond = sagasPerSecond,
        TransitionsPerSecond = sagasPerSecond * 4,
        MessagesPerSecond = 2000,
        MessagesPerOrder = 20,
        P50Ms = 10,
        P95Ms = 20,
        P99Ms = 30,
        SagaCommitsPerOrder = 6,
        ServiceCommitsPerOrder = 3,
        TransitionsPerOrder = 4,
        Usage = [new GroupUsage("host", 2.25, 75, 150 << 20, 200 << 20, TimeSpan.FromSeconds(3))],
    };
}
