using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace SagaHub.Benchmarks;

/// <summary>The markdown report: the machine, the command, the table, the CPU shares and the ratios.</summary>
internal static class Report
{
    private static readonly string[] CpuGroups = ["host", "inventory", "payments", "shipping", "postgres", "rabbitmq", "runner"];

    public static string Render(BenchOptions options, IReadOnlyList<string> args, IReadOnlyList<VariantResult> results, LimitsResult? limits, TimerResult? timers, IReadOnlyList<string> failures)
    {
        var md = new StringBuilder();
        var c = CultureInfo.InvariantCulture;
        md.AppendLine(c, $"Run {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm} UTC: `scripts/bench.sh{(args.Count > 0 ? " " + string.Join(' ', args) : string.Empty)}`");
        md.AppendLine();
        md.AppendLine(c, $"Machine: {Machine()}. Load: {options.Orders} measured orders per variant after {options.Warmup} warm-up orders, {options.Window} in flight, prefetch {options.Prefetch} on every endpoint; all processes log warnings only.");
        md.AppendLine();
        md.AppendLine("| variant | hosts | completed | sagas/s | transitions/s | messages/s | p50 ms | p95 ms | p99 ms | saga DB commits / transition | all DB commits / order | host peak RSS MiB |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            md.AppendLine(c, $"| {r.Spec.Label} | {r.Spec.Hosts} | {r.Completed}/{r.Submitted} | {F(r.SagasPerSecond, "0")} | {F(r.TransitionsPerSecond, "0")} | {F(r.MessagesPerSecond, "0")} | {F(r.P50Ms, "0.0")} | {F(r.P95Ms, "0.0")} | {F(r.P99Ms, "0.0")} | {(r.Spec.KeepsSagaRows ? F(r.SagaCommitsPerTransition, "0.00") : "-")} | {F(r.SagaCommitsPerOrder + r.ServiceCommitsPerOrder, "0.0")} | {(r.Host?.PeakHwmBytes ?? 0) / 1048576.0:0} |");
        }

        if (limits is not null)
        {
            md.AppendLine();
            md.AppendLine(c, $"Limits, same servers, same run: pgbench single-row UPDATE, {limits.PgBenchClients} clients: **{limits.PgBenchTps:0} TPS**; raw RabbitMQ.Client, persistent 200-byte messages with publisher confirms, publish → consume: **{limits.RawRabbitMessagesPerSecond:0} msg/s** ({limits.RawRabbitMessages} messages).");
        }

        md.AppendLine();
        md.AppendLine("CPU during the measured phase, % of one core (the machine has " + Environment.ProcessorCount.ToString(c) + " cores = " + (Environment.ProcessorCount * 100).ToString(c) + "%):");
        md.AppendLine();
        md.AppendLine("| variant | " + string.Join(" | ", CpuGroups) + " | total |");
        md.AppendLine("|---|" + string.Concat(Enumerable.Repeat("---:|", CpuGroups.Length + 1)));
        foreach (var r in results)
        {
            var shares = CpuGroups.Select(g => r.Usage.FirstOrDefault(u => u.Name == g)?.CpuPercentOfOneCore ?? 0).ToList();
            md.AppendLine(c, $"| {r.Spec.Name} | {string.Join(" | ", shares.Select(s => s.ToString("0", c)))} | {shares.Sum():0} |");
        }

        md.AppendLine();
        md.AppendLine("Ratios:");
        md.AppendLine();
        Ratio(md, "SagaHub durable ÷ hand-rolled, completed sagas/s", Find(results, "sagahub-durable"), Find(results, "handrolled"), r => r.SagasPerSecond, 1.0);
        Ratio(md, "SagaHub in-memory ÷ MassTransit state machine, completed sagas/s", Find(results, "sagahub-memory"), Find(results, "masstransit"), r => r.SagasPerSecond, 1.0);
        if (limits is not null)
        {
            foreach (var r in results.Where(r => r.Spec.Hosts == 1))
            {
                var commitsPerSecond = (r.SagaCommitsPerOrder + r.ServiceCommitsPerOrder) * r.SagasPerSecond;
                md.AppendLine(c, $"- {r.Spec.Name}: database commits/s ÷ pgbench TPS = {F(commitsPerSecond, "0")} ÷ {limits.PgBenchTps:0} = **{F(commitsPerSecond / limits.PgBenchTps, "0.00")}**; messages/s ÷ raw RabbitMQ = {F(r.MessagesPerSecond, "0")} ÷ {limits.RawRabbitMessagesPerSecond:0} = **{F(r.MessagesPerSecond / limits.RawRabbitMessagesPerSecond, "0.00")}**");
            }
        }

        // Relative to the one-host run; when it failed, the scale runs have nothing to be relative to (they used to be
        // divided by the first of them, and the line still read like a comparison with one host).
        var scale = results.Where(r => r.Spec.Name.StartsWith("sagahub-durable", StringComparison.Ordinal)).ToList();
        if (scale.Count > 1 && Find(results, "sagahub-durable") is { } single)
        {
            md.AppendLine(c, $"- durable hosts on one queue: {string.Join(", ", scale.Select(s => string.Create(c, $"{s.Spec.Hosts} → {F(s.SagasPerSecond, "0")}/s ({Times(s.SagasPerSecond / single.SagasPerSecond)})")))}");
        }

        if (Find(results, "prefilled") is { } full && Find(results, "sagahub-durable") is { } empty)
        {
            md.AppendLine(c, $"- {full.Spec.PrefillFinished:N0} finished sagas stored ÷ empty database, completed sagas/s: {RatioAgainst(full.SagasPerSecond, empty.SagasPerSecond, 0.90, "0.00")}; p99 {F(full.P99Ms, "0.0")} ms vs {F(empty.P99Ms, "0.0")} ms");
        }

        if (timers is not null)
        {
            md.AppendLine(c, $"- timers, {timers.Pending:N0} pending, {timers.Due:N0} due at once: due → fired p50 {F(timers.FiredP50, "0")} ms, **p99 {F(timers.FiredP99, "0")} ms** (target < 1000 ms: {(timers.FiredP99 < 1000 ? "met" : "missed")}); due → timeout handled p50 {F(timers.HandledP50, "0")} ms, p99 {F(timers.HandledP99, "0")} ms; {timers.Cancelled}/{timers.Due} orders cancelled by their timeout");
        }

        if (failures.Count > 0)
        {
            md.AppendLine();
            md.AppendLine("Failures:");
            md.AppendLine();
            foreach (var failure in failures)
            {
                md.AppendLine("- " + failure);
            }
        }

        return md.ToString();
    }

    private static VariantResult? Find(IReadOnlyList<VariantResult> results, string name) => results.FirstOrDefault(r => r.Spec.Name == name);

    private static void Ratio(StringBuilder md, string what, VariantResult? a, VariantResult? b, Func<VariantResult, double> value, double target)
    {
        if (a is null || b is null)
        {
            return;
        }

        md.AppendLine(CultureInfo.InvariantCulture, $"- {what}: {RatioAgainst(value(a), value(b), target, "0.0")}");
    }

    /// <summary>
    /// <c>a ÷ b = **r×** (target ≥ t×: met|missed)</c>; when the ratio is undefined (b completed nothing, or a figure
    /// is missing) "not measured": infinity would read as met, NaN as missed.
    /// </summary>
    private static string RatioAgainst(double a, double b, double target, string targetFormat)
    {
        var ratio = a / b;
        var verdict = !double.IsFinite(ratio) || b <= 0 ? "not measured" : ratio >= target ? "met" : "missed";
        var shown = verdict == "not measured" ? "-" : Times(ratio);
        return string.Create(CultureInfo.InvariantCulture, $"{F(a, "0")} ÷ {F(b, "0")} = **{shown}** (target ≥ {target.ToString(targetFormat, CultureInfo.InvariantCulture)}×: {verdict})");
    }

    private static string Times(double ratio) => double.IsFinite(ratio) ? F(ratio, "0.00") + "×" : "-";

    private static string F(double value, string format) => Figures.Format(value, format);

    private static string Machine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        return string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory ?? "? kB"} RAM, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
    }
}

/// <summary>Numbers for the report and the progress lines.</summary>
internal static class Figures
{
    /// <summary>The value in <paramref name="format"/> (invariant culture), or "-" when there is none: NaN (no completed order, no percentile) or infinity (divided by nothing).</summary>
    public static string Format(double value, string format) => double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "-";
}
