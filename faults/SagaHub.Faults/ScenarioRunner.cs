using System.Diagnostics;
using Npgsql;
using SagaHub.Benchmarks;

namespace SagaHub.Faults;

/// <summary>The row of the table for one scenario.</summary>
internal sealed record ScenarioResult(string Name, string Faults, int Sagas, int Lost, int DuplicatedEffects, int Stuck, TimeSpan? Recovery, TimeSpan Duration, IReadOnlyList<string> Violations)
{
    /// <summary>The bad inputs of the bad-input scenario and where each ended.</summary>
    public IReadOnlyList<SagaHub.Faults.BadInput.BadInputOutcome> BadInputs { get; init; } = [];

    public bool Passed => Violations.Count == 0;
}

/// <summary>
/// Runs one scenario from nothing: a fresh virtual host and database, the demo's processes, the load with the fault
/// injected at 40% of the orders, then waits until every saga ended and every outbox emptied, and checks the invariants.
/// </summary>
internal sealed class ScenarioRunner(FaultInfrastructure infra, FaultOptions options, Action<string> say)
{
    private static readonly TimeSpan OutboxWait = TimeSpan.FromSeconds(30);

    public async Task<ScenarioResult> RunAsync(Scenario scenario, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var violations = new List<string>();
        var logs = Path.Combine(Repo.Root, "artifacts", "faults", "logs", scenario.Name);
        if (Directory.Exists(logs))
        {
            Directory.Delete(logs, recursive: true);
        }

        say($"{scenario.Name}: {scenario.Faults}");
        await infra.ResetAsync(cancellationToken);
        var database = infra.ConnectionString(FaultInfrastructure.Database, 4);
        await using var cluster = new Cluster(infra, logs, say);
        await cluster.StartAsync(scenario.Hosts, scenario.DuplicateDeliveries, scenario.CrashAfterCommits?.Invoke(options), scenario.HostSettings, cancellationToken);
        say($"  {scenario.Hosts + 4} processes up; {options.Orders} orders at {options.Rate}/s, {options.Refunds} refunds");

        var workload = new Workload(cluster.Apis, database, say);
        var plan = Workload.Plan(options.Orders, options.Refunds);
        var loadTimeout = TimeSpan.FromSeconds((double)options.Orders / options.Rate) + options.DrainTimeout;
        using var supervision = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var supervisor = cluster.SuperviseAsync(supervision.Token);
        var load = workload.RunAsync(plan, options.Rate, faultAt: 0.4, loadTimeout, cancellationToken);
        var fault = new FaultContext(cluster, workload, load, say, cancellationToken);
        var bad = scenario.BadInput ? new BadInputScenario(infra, database) : null;
        var injecting = InjectAsync(scenario, workload, fault, bad, cancellationToken);
        try
        {
            await Task.WhenAll(load, injecting);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            violations.Add($"the run itself failed: {(load.Exception ?? injecting.Exception)?.InnerException?.Message ?? e.Message}");
        }

        violations.AddRange(workload.Violations);
        var drained = await DrainAsync(database, workload, cancellationToken);
        if (!drained)
        {
            violations.Add($"not every saga ended within {options.DrainTimeout.TotalSeconds:0} s after the load");
        }

        await WaitForOutboxesAsync(database, cancellationToken);
        await supervision.CancelAsync();
        await supervisor;
        violations.AddRange(cluster.Exited().Select(p => $"{p} exited by itself (a crash the scenario did not inject); see {logs}"));
        var report = await Invariants.CheckAsync(database, workload.Orders, [.. workload.Refunds.Keys], Cluster.InitialStock, cancellationToken);
        violations.AddRange(report.Violations);
        if (scenario.CrashAfterCommits is not null)
        {
            violations.AddRange(await SweptAfterCrashAsync(logs, database, cancellationToken));
        }

        var badInputs = bad is null ? [] : await bad.AccountAsync(cancellationToken);
        violations.AddRange(badInputs.Where(o => !o.Accounted).Select(o => $"bad input not accounted for: {o.Case}: expected {o.Expected}, found {o.Actual}"));
        var (faultsHandled, deadLetters) = await DeadLetters.AccountAsync(infra, database, new HashSet<Guid>(), cancellationToken);
        violations.AddRange(deadLetters);
        var recovery = fault.FaultAt is { } at ? await RecoveryAsync(database, at, fault.InFlight, cancellationToken) : null;
        await cluster.DisposeAsync();

        var faults = cluster.RestartedByWatchdog.Count == 0 ? scenario.Faults : $"{scenario.Faults}; then the bus watchdog restarted {string.Join(", ", cluster.RestartedByWatchdog)}";
        var result = new ScenarioResult(scenario.Name, faults, report.Sagas, report.Lost, report.DuplicatedEffects, report.Stuck, recovery, clock.Elapsed, violations) { BadInputs = badInputs };
        say($"  {(result.Passed ? "passed" : "FAILED")}: {report.Sagas} sagas, {report.Lost} lost, {report.DuplicatedEffects} duplicated effects, {report.Stuck} stuck, "
            + $"recovered in {(recovery is { } r ? $"{r.TotalSeconds:0.0} s" : "-")}; {workload.Retries} requests retried, {workload.Decisions} task decisions, {faultsHandled} dead-lettered commands whose fault a saga handled{(bad is null ? string.Empty : $", {badInputs.Count(o => o.Accounted)} of {badInputs.Count} bad inputs accounted for")}; {clock.Elapsed.TotalSeconds:0} s");
        foreach (var violation in violations.Take(20))
        {
            say($"    {violation}");
        }

        if (violations.Count > 20)
        {
            say($"    ... and {violations.Count - 20} more");
        }

        return result;
    }

    private static async Task InjectAsync(Scenario scenario, Workload workload, FaultContext fault, BadInputScenario? bad, CancellationToken cancellationToken)
    {
        if (scenario.AtFaultPoint)
        {
            await workload.Reached.WaitAsync(cancellationToken);
            fault.MarkFault();
        }

        await (bad is null ? scenario.Inject(fault) : bad.InjectAsync(fault));
    }

    /// <summary>Waits until every accepted saga exists and every saga in the database is final (the database may be coming back).</summary>
    private async Task<bool> DrainAsync(string database, Workload workload, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        Guid[] accepted = [.. workload.Orders.Keys, .. workload.Refunds.Keys];
        while (deadline.Elapsed < options.DrainTimeout)
        {
            try
            {
                await using var connection = new NpgsqlConnection(database);
                await connection.OpenAsync(cancellationToken);
                await using var command = new NpgsqlCommand(
                    "SELECT (SELECT count(*) FROM orders.sagas WHERE NOT is_final), (SELECT count(*) FROM orders.sagas WHERE saga_id = ANY(@ids))", connection);
                command.Parameters.AddWithValue("ids", accepted);
                await using var reader = await command.ExecuteReaderAsync(cancellationToken);
                await reader.ReadAsync(cancellationToken);
                if (reader.GetInt64(0) == 0 && reader.GetInt64(1) == accepted.Length)
                {
                    return true;
                }
            }
            catch (NpgsqlException)
            {
                // The database is coming back from a fault.
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }

        return false;
    }

    /// <summary>Up to 30 s for every outbox to be empty (dispatched rows are deleted in batches, a little after their dispatch).</summary>
    private static async Task WaitForOutboxesAsync(string database, CancellationToken cancellationToken)
    {
        var sql = string.Join(" + ", Invariants.Schemas.Select(s => $"(SELECT count(*) FROM {s}.outbox)"));
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < OutboxWait)
        {
            await using var connection = new NpgsqlConnection(database);
            await connection.OpenAsync(cancellationToken);
#pragma warning disable CA2100 // Schema names are the fixed Invariants.Schemas.
            await using var command = new NpgsqlCommand($"SELECT {sql}", connection);
#pragma warning restore CA2100
            if ((long)(await command.ExecuteScalarAsync(cancellationToken))! == 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    /// <summary>
    /// The crash-after-commit proof: the saga whose commit the host died after (named in its critical log line) went on
    /// past that commit, and not by a timeout: the message the crash left in the outbox was delivered by the sweep.
    /// </summary>
    private static async Task<IReadOnlyList<string>> SweptAfterCrashAsync(string logs, string database, CancellationToken cancellationToken)
    {
        var line = (await File.ReadAllLinesAsync(Path.Combine(logs, $"{Cluster.HostName(0)}.log"), cancellationToken)).FirstOrDefault(l => l.Contains("Fault injection: killing this process after saga commit", StringComparison.Ordinal));
        var match = line is null ? null : System.Text.RegularExpressions.Regex.Match(line, @"^(\S+) .*\((\w+) ([0-9a-f-]{36})\)");
        if (match is not { Success: true })
        {
            return [$"{Cluster.HostName(0)} did not log the crash after a commit; the scenario proved nothing"];
        }

        var crashedAt = DateTimeOffset.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT trigger FROM orders.saga_history WHERE saga_type = @type AND saga_id = @id AND at > @at ORDER BY sequence LIMIT 1", connection);
        command.Parameters.AddWithValue("type", match.Groups[2].Value);
        command.Parameters.AddWithValue("id", Guid.Parse(match.Groups[3].Value));
        command.Parameters.AddWithValue("at", crashedAt);
        return await command.ExecuteScalarAsync(cancellationToken) switch
        {
            string trigger when !trigger.Contains("Timeout", StringComparison.Ordinal) => [],
            string trigger => [$"{match.Groups[2].Value} {match.Groups[3].Value}: after the crash it moved on by {trigger}, not by the reply to the message the sweep should have delivered"],
            _ => [$"{match.Groups[2].Value} {match.Groups[3].Value}: nothing happened after the crash; the sweep did not deliver the message the crash left in the outbox"],
        };
    }

    /// <summary>
    /// From the fault until the last order accepted before it reached its final state: how long the fault held up the
    /// work in flight when it hit (including the time that work would have taken anyway; compare with the baseline).
    /// </summary>
    private static async Task<TimeSpan?> RecoveryAsync(string database, DateTimeOffset faultAt, IReadOnlyList<Guid> inFlight, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(database);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT max(updated_at) FROM orders.sagas WHERE saga_type = 'OrderSaga' AND is_final AND saga_id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", inFlight.ToArray());
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime last && new DateTimeOffset(last, TimeSpan.Zero) > faultAt
            ? new DateTimeOffset(last, TimeSpan.Zero) - faultAt
            : TimeSpan.Zero;
    }
}
