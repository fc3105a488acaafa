using System.Diagnostics;
using SagaHub.Benchmarks;
using SagaHub.Benchmarks.Limits;
using SagaHub.Benchmarks.Measure;

// The benchmark runner (scripts/bench.sh): every variant of the order flow on the same RabbitMQ and
// PostgreSQL, one after the other, each from a fresh virtual host and fresh databases, and the servers'
// own limits; prints the comparison and writes it to artifacts/bench/report.md. Exit code 1 when any
// order of any variant did not complete (the smoke mode's only assertion), 2 on bad arguments, 130/143
// when Ctrl+C/SIGTERM cut the run short (the report of what ran is written all the same).
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    if (ex.Message.Length > 0)
    {
        Console.Error.WriteLine(ex.Message);
    }

    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

var clock = Stopwatch.StartNew();
void Say(string line) => Console.WriteLine($"[bench {clock.Elapsed.TotalSeconds,5:0}s] {line}");

using var signals = new StopSignals("bench");

var infra = Infrastructure.FromEnvironment();
var runner = new VariantRunner(infra, options, Say);
var results = new List<VariantResult>();
var failures = new List<string>();
LimitsResult? limits = null;
TimerResult? timers = null;

try
{
    if (options.Variants.Contains("limits"))
    {
        try
        {
            limits = await MeasureLimitsAsync(infra, options, Say, signals.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !signals.Token.IsCancellationRequested)
        {
            failures.Add($"limits: {ex.Message}");
            Say($"limits: FAILED: {ex.Message}");
        }
    }

    var specs = new List<VariantSpec>();
    foreach (var name in options.Variants)
    {
        specs.AddRange(name switch
        {
            "sagahub-durable" => [VariantSpec.SagaHubDurable(), .. options.ScaleHosts.Select(VariantSpec.SagaHubDurable)],
            "sagahub-memory" => [VariantSpec.SagaHubMemory],
            "masstransit" => [VariantSpec.MassTransit],
            "handrolled" => [VariantSpec.HandRolled],
            "prefilled" => [VariantSpec.Prefilled(options.PrefillFinished)],
            _ => [],
        });
    }

    foreach (var spec in specs)
    {
        try
        {
            var result = await runner.RunAsync(spec, signals.Token);
            results.Add(result);
            if (!result.AllCompleted)
            {
                failures.Add($"{spec.Name}: {result.Failed} of {options.Orders} orders did not complete (logs: artifacts/bench/logs/{spec.Name}/)");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !signals.Token.IsCancellationRequested)
        {
            failures.Add($"{spec.Name}: {ex.Message}");
            Say($"{spec.Name}: FAILED: {ex.Message}");
        }
    }

    if (options.Variants.Contains("timers"))
    {
        try
        {
            timers = await runner.RunTimersAsync(options.PendingTimers, options.DueTimers, signals.Token);
            if (!timers.AllHandled)
            {
                failures.Add($"timers: {timers.Due - timers.Cancelled} of {timers.Due} due timeouts did not end the order (logs: artifacts/bench/logs/timers/)");
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !signals.Token.IsCancellationRequested)
        {
            failures.Add($"timers: {ex.Message}");
            Say($"timers: FAILED: {ex.Message}");
        }
    }
}
catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
{
    failures.Add("cancelled: the run was interrupted; the variant running then and the ones after it are missing");
    Say("cancelled");
}

// The report first: a failing clean-up must not lose the results.
var report = Report.Render(options, args, results, limits, timers, failures);
Directory.CreateDirectory(Repo.Artifacts);
var reportFile = Path.Combine(Repo.Artifacts, "report.md");
await File.WriteAllTextAsync(reportFile, report, CancellationToken.None);
if (options.Out is { } outFile)
{
    await File.WriteAllTextAsync(outFile, report, CancellationToken.None);
}

Console.WriteLine();
Console.WriteLine(report);
Say($"report written to {reportFile}");
try
{
    await VirtualHosts.DeleteAsync(Infrastructure.VirtualHost, CancellationToken.None);
}
catch (InvalidOperationException ex)
{
    Say($"warning: could not delete the virtual host {Infrastructure.VirtualHost}: {ex.Message}");
}

if (signals.ExitCode != 0)
{
    return signals.ExitCode;
}

if (failures.Count > 0)
{
    Say($"FAILED: {failures.Count} variant(s) did not complete every order");
    return 1;
}

Say($"every order of every variant completed ({results.Sum(r => r.Completed)} measured)");
return 0;

static async Task<LimitsResult> MeasureLimitsAsync(Infrastructure infra, BenchOptions options, Action<string> say, CancellationToken cancellationToken)
{
    const string database = "sagahub_bench_pgbench";
    var seconds = options.Smoke ? 3 : 10;
    say($"limits: pgbench, single-row UPDATE, 8 clients, {seconds} s");
    await PgStats.DropDatabaseAsync(infra.AdminConnectionString, database, cancellationToken);
    await PgStats.CreateDatabaseAsync(infra.AdminConnectionString, database, cancellationToken);
    PgBenchResult pg;
    try
    {
        pg = await PgBenchLimit.RunAsync(infra.ConnectionString(database), clients: 8, duration: TimeSpan.FromSeconds(seconds), cancellationToken);
    }
    finally
    {
        await PgStats.DropDatabaseAsync(infra.AdminConnectionString, database, CancellationToken.None);
    }

    var messages = options.Smoke ? 20_000 : 100_000;
    say($"limits: pgbench {pg.Tps:0} TPS; raw RabbitMQ.Client, {messages} persistent messages with confirms");
    await VirtualHosts.RecreateAsync(Infrastructure.VirtualHost, infra.RmqUser, cancellationToken);
    var broker = infra.Broker;
    var raw = await RawRabbitMqLimit.RunAsync(new RawRabbitTarget(broker.Host, broker.VirtualHost, broker.Username, broker.Password, broker.Port), new RawRabbitOptions(Messages: messages), cancellationToken);
    say($"limits: raw RabbitMQ {raw.MessagesPerSecond:0} msg/s");
    return new LimitsResult(pg.Tps, pg.Clients, raw.MessagesPerSecond, raw.Messages);
}
