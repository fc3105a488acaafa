using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SagaHub.Benchmarks.Measure;

namespace SagaHub.Benchmarks;

/// <summary>
/// Runs one variant from nothing: a fresh virtual host and fresh databases; the inventory, payments and
/// shipping services and the variant's host processes; stock for every benchmark SKU; a warm-up phase,
/// then the measured phase; every process stopped; then the counters read (PostgreSQL's statistics are
/// complete once the processes' connections are closed).
/// </summary>
internal sealed class VariantRunner(Infrastructure infra, BenchOptions options, Action<string> say)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    // PostgreSQL's default max_connections is 100: 3 services x 16 + 32 for the host(s) leaves room for the rest.
    // A consumer that finds the pool busy waits for a connection; without the bound, 32 concurrent consumers
    // per process exhaust the server ("remaining connection slots are reserved").
    private const int ServicePoolSize = 16;
    private const int HostPoolBudget = 32;

    public async Task<VariantResult> RunAsync(VariantSpec spec, CancellationToken cancellationToken)
    {
        var logs = Path.Combine(Repo.Artifacts, "logs", spec.Name);
        var services = new List<ChildProcess>();
        var hosts = new List<ChildProcess>();
        try
        {
            await using var driver = await StartAsync(spec, services, hosts, logs, cancellationToken);
            var commitsBefore = await CommitsAsync(cancellationToken);
            var brokerBefore = await BrokerCounters.ReadAsync(Http, BrokerCounters.DefaultMetricsUri, cancellationToken);

            say($"{spec.Name}: warm-up, {options.Warmup} orders");
            var warmup = await driver.RunAsync(options.Warmup, options.Window, options.Timeout, cancellationToken);
            if (warmup.NotEnded > 0 || (options.Warmup > 0 && warmup.Completed == 0))
            {
                throw new InvalidOperationException($"{spec.Name}: {warmup.NotEnded} of {warmup.Requested} warm-up orders did not end within {options.Timeout.TotalSeconds:0} s; see {logs}.");
            }

            var prefilled = 0;
            if (spec.PrefillFinished > 0)
            {
                say($"{spec.Name}: prefilling {spec.PrefillFinished:N0} finished orders with their history and inbox rows");
                await Prefill.FinishedOrdersAsync(infra.ConnectionString(Infrastructure.SagaDatabase), spec.PrefillFinished, say, cancellationToken);
                prefilled = spec.PrefillFinished;
                commitsBefore = await CommitsAsync(cancellationToken);
            }

            using var meter = Meter(hosts, services);
            var measuredBroker = await BrokerCounters.ReadAsync(Http, BrokerCounters.DefaultMetricsUri, cancellationToken);
            meter.Start();
            say($"{spec.Name}: measuring, {options.Orders} orders, {options.Window} in flight");
            var measured = await driver.RunAsync(options.Orders, options.Window, options.Timeout, cancellationToken);
            var usage = meter.Stop();
            var brokerAfter = await BrokerCounters.ReadAsync(Http, BrokerCounters.DefaultMetricsUri, cancellationToken);
            var transitions = spec.HostMode == "SagaHubDurable" ? await CountTransitionsAsync(cancellationToken) - (prefilled * (long)VariantSpec.TransitionsPerOrder) : (long?)null;

            await driver.DisposeAsync();
            await StopAllAsync(hosts, services);
            var commitsAfter = await CommitsAsync(cancellationToken);
            // Costs per order over every order the processes ran (the warm-up too, not the prefill: its commits are excluded above).
            var orders = prefilled > 0 ? measured.Submitted : warmup.Submitted + measured.Submitted;
            var result = VariantResult.From(
                spec,
                measured,
                usage,
                messagesMeasured: (brokerAfter - measuredBroker).Delivered,
                messagesPerOrder: (double)(brokerAfter - brokerBefore).Delivered / (warmup.Submitted + measured.Submitted),
                sagaCommitsPerOrder: (double)(commitsAfter.Sagas - commitsBefore.Sagas) / orders,
                serviceCommitsPerOrder: (double)(commitsAfter.Services - commitsBefore.Services) / orders,
                measuredTransitionsPerOrder: transitions is { } t ? (double)t / (warmup.Submitted + measured.Submitted) : null);
            say($"{spec.Name}: {result.Summary}");
            return result;
        }
        finally
        {
            await StopAllAsync(hosts, services);
        }
    }

    /// <summary>
    /// Timer lag: <paramref name="pending"/> orders waiting in Reserving with a state timeout, <paramref name="due"/> of
    /// them due at the same instant a few seconds ahead, the rest a day later; the durable host fires them (each
    /// timeout compensates: ReleaseStock, StockReleased, Cancelled) and the runner waits for every OrderCancelled.
    /// </summary>
    public async Task<TimerResult> RunTimersAsync(int pending, int due, CancellationToken cancellationToken)
    {
        var spec = VariantSpec.SagaHubDurable() with { Name = "timers", Label = "SagaHub, durable: timers" };
        var logs = Path.Combine(Repo.Artifacts, "logs", spec.Name);
        var services = new List<ChildProcess>();
        var hosts = new List<ChildProcess>();
        try
        {
            await using var driver = await StartAsync(spec, services, hosts, logs, cancellationToken);
            var warmup = await driver.RunAsync(Math.Max(10, options.Warmup / 5), options.Window, options.Timeout, cancellationToken);
            if (warmup.NotEnded > 0 || warmup.Completed == 0)
            {
                throw new InvalidOperationException($"timers: the warm-up orders did not complete; see {logs}.");
            }

            var dueAt = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(8);
            say($"timers: {pending:N0} pending timeouts, {due:N0} of them due at {dueAt:HH:mm:ss.fff}");
            var ids = await Prefill.PendingTimersAsync(infra.ConnectionString(Infrastructure.SagaDatabase), pending, due, dueAt, cancellationToken);
            if (DateTimeOffset.UtcNow >= dueAt)
            {
                throw new InvalidOperationException("timers: writing the pending timers took longer than the head start; the lag would be meaningless.");
            }

            var ended = await driver.ExpectAsync(ids, options.Timeout + TimeSpan.FromSeconds(8), cancellationToken);
            await driver.DisposeAsync();
            await StopAllAsync(hosts, services);
            var (fired, handled) = await Prefill.TimerLagsAsync(infra.ConnectionString(Infrastructure.SagaDatabase), ids, dueAt, TimerLease, cancellationToken);
            var result = new TimerResult(pending, due, ended.Count(o => o.Outcome == "Cancelled"), fired, handled);
            say($"timers: {result.Summary}");
            return result;
        }
        finally
        {
            await StopAllAsync(hosts, services);
        }
    }

    private static readonly TimeSpan TimerLease = TimeSpan.FromSeconds(30);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    private ProcessGroupMeter Meter(List<ChildProcess> hosts, List<ChildProcess> services)
    {
        var meter = new ProcessGroupMeter(TimeSpan.FromMilliseconds(250));
        meter.Track("host", () => [.. hosts.Select(h => h.Pid)]);
        foreach (var service in services)
        {
            meter.Track(service.Name, () => [service.Pid]);
        }

        meter.Track("postgres", () => ProcessFinder.ByComm("postgres"), includeReapedChildren: true);
        meter.Track("rabbitmq", () => ProcessFinder.ByComm("beam.smp"));
        meter.Track("runner", () => [Environment.ProcessId]);
        return meter;
    }

    private async Task<OrderDriver> StartAsync(VariantSpec spec, List<ChildProcess> services, List<ChildProcess> hosts, string logs, CancellationToken cancellationToken)
    {
        say($"{spec.Name}: fresh virtual host and databases");
        await VirtualHosts.RecreateAsync(Infrastructure.VirtualHost, infra.RmqUser, cancellationToken);
        NpgsqlConnection.ClearAllPools(); // the runner's own pooled connections to the databases about to be dropped
        foreach (var db in new[] { Infrastructure.SagaDatabase, Infrastructure.ServiceDatabase })
        {
            await PgStats.DropDatabaseAsync(infra.AdminConnectionString, db, cancellationToken);
            await PgStats.CreateDatabaseAsync(infra.AdminConnectionString, db, cancellationToken);
        }

        say($"{spec.Name}: starting inventory, payments, shipping and {spec.Hosts} host process(es)");
        foreach (var (name, project, section) in ServicePrograms)
        {
            services.Add(ChildProcess.Start(name, Repo.Program(project), ServiceEnvironment(section), Path.Combine(logs, name + ".log")));
        }

        for (var i = 0; i < spec.Hosts; i++)
        {
            hosts.Add(ChildProcess.Start($"host-{i + 1}", Repo.Program("benchmarks/SagaHub.Benchmarks.Host"), HostEnvironment(spec), Path.Combine(logs, $"host-{i + 1}.log")));
        }

        await Task.WhenAll(services.Concat(hosts).Select(p => p.WaitReadyAsync(StartTimeout, cancellationToken)));
        await SeedStockAsync(cancellationToken);
        return await OrderDriver.StartAsync(infra.Broker, options.Prefetch, cancellationToken);
    }

    private static readonly (string Name, string Project, string Section)[] ServicePrograms =
    [
        ("inventory", "src/Services/SagaHub.Inventory", "Inventory"),
        ("payments", "src/Services/SagaHub.Payments", "Payments"),
        ("shipping", "src/Services/SagaHub.Shipping", "Shipping"),
    ];

    private Dictionary<string, string> Common() => new()
    {
        ["Bus__Transport"] = "RabbitMq",
        ["RabbitMq__Host"] = infra.Broker.Host,
        ["RabbitMq__VirtualHost"] = infra.Broker.VirtualHost,
        ["RabbitMq__Username"] = infra.Broker.Username,
        ["RabbitMq__Password"] = infra.Broker.Password,
        ["RabbitMq__PrefetchCount"] = options.Prefetch.ToString(CultureInfo.InvariantCulture),
        // Warnings only, the same for every process of every variant: a console line per transition would measure the console.
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        // Fully optimized code from the first call, in every process of every variant: with tiered compilation a
        // run of a few thousand orders on 2 busy cores still spends a third of its CPU re-compiling (tier-up
        // is starved), which measures the JIT rather than the steady state a long-running service reaches.
        ["DOTNET_TieredCompilation"] = "0",
    };

    private Dictionary<string, string> ServiceEnvironment(string section)
    {
        var env = Common();
        env[$"{section}__Database__Provider"] = "PostgreSql";
        env[$"{section}__Database__ConnectionString"] = infra.ConnectionString(Infrastructure.ServiceDatabase, ServicePoolSize);
        return env;
    }

    private Dictionary<string, string> HostEnvironment(VariantSpec spec)
    {
        var env = Common();
        env["Bench__Mode"] = spec.HostMode;
        env["SagaHub__TimerClaimLease"] = TimerLease.ToString("c", CultureInfo.InvariantCulture);
        env["Bench__ConnectionString"] = infra.ConnectionString(Infrastructure.SagaDatabase, Math.Max(8, HostPoolBudget / spec.Hosts));
        return env;
    }

    private async Task SeedStockAsync(CancellationToken cancellationToken)
    {
        // Inventory creates its schema when it starts; give every benchmark SKU more stock than any run uses.
        await using var connection = new NpgsqlConnection(infra.ConnectionString(Infrastructure.ServiceDatabase));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            INSERT INTO inventory.stock (sku, on_hand)
            SELECT 'BENCH-' || lpad(g::text, 3, '0'), 1000000000 FROM generate_series(0, {OrderDriver.Skus - 1}) AS g
            ON CONFLICT (sku) DO UPDATE SET on_hand = EXCLUDED.on_hand
            """,
            connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private async Task<(long Sagas, long Services)> CommitsAsync(CancellationToken cancellationToken) => (
        await PgStats.CommitsAsync(infra.AdminConnectionString, Infrastructure.SagaDatabase, cancellationToken),
        await PgStats.CommitsAsync(infra.AdminConnectionString, Infrastructure.ServiceDatabase, cancellationToken));

    private async Task<long> CountTransitionsAsync(CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(infra.ConnectionString(Infrastructure.SagaDatabase));
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM orders.saga_history WHERE kind = 'Transition'", connection);
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task StopAllAsync(List<ChildProcess> hosts, List<ChildProcess> services)
    {
        // Hosts first, so nothing is left half-way in a service when it stops.
        await Task.WhenAll(hosts.Select(h => h.DisposeAsync().AsTask()));
        await Task.WhenAll(services.Select(s => s.DisposeAsync().AsTask()));
        hosts.Clear();
        services.Clear();
    }
}
