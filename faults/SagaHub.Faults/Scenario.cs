using SagaHub.Benchmarks;

namespace SagaHub.Faults;

/// <summary>One scenario: the processes it runs and the fault it injects once 40% of the orders were accepted.</summary>
/// <param name="Name">The name on the command line and in the table.</param>
/// <param name="Faults">What is injected, for the table.</param>
/// <param name="Inject">The fault; returns when the system is whole again (a killed process restarted, a server back up).</param>
internal sealed record Scenario(string Name, string Faults, Func<FaultContext, Task> Inject)
{
    public int Hosts { get; init; } = 1;

    public bool DuplicateDeliveries { get; init; }

    /// <summary>The first host kills itself after this many saga commits with messages to send, before dispatching them.</summary>
    public Func<FaultOptions, int>? CrashAfterCommits { get; init; }

    /// <summary>Whether <see cref="Inject"/> waits for 40% of the orders (else it runs from the start: a fault that triggers itself).</summary>
    public bool AtFaultPoint { get; init; } = true;

    /// <summary>Bad input goes in with the load and must be accounted for afterwards.</summary>
    public bool BadInput { get; init; }

    /// <summary>Configuration of every saga host (environment variables, <c>Section__Key</c>) over the runner's own, kept on restarts.</summary>
    public IReadOnlyDictionary<string, string> HostSettings { get; init; } = new Dictionary<string, string>(StringComparer.Ordinal);

    public static IReadOnlyList<Scenario> All { get; } =
    [
        new("baseline", "none", _ => Task.CompletedTask),
        .. new[] { "inventory", "payments", "shipping", "notifications" }.Select(KillAndRestart),
        KillAndRestart(Cluster.HostName(0)) with { Name = "kill-saga-host", Faults = "kill -9 of the saga host (orders service), restart after 2 s" },
        new("rabbitmq-restart", "RabbitMQ stopped, started 3 s later", c => FaultInfrastructure.RestartRabbitMqAsync(TimeSpan.FromSeconds(3), c.CancellationToken)),
        new("postgres-restart", "PostgreSQL stopped (immediate: crash recovery), started 3 s later", c => FaultInfrastructure.RestartPostgreSqlAsync(TimeSpan.FromSeconds(3), c.CancellationToken)),
        new("duplicates", "every message delivered twice (same message id), in every process", _ => Task.CompletedTask) { DuplicateDeliveries = true },
        new("hosts-2", "2 saga hosts on the queues, every message twice, task decisions from every API at once", _ => Task.CompletedTask) { Hosts = 2, DuplicateDeliveries = true },
        new("hosts-3", "3 saga hosts on the queues, every message twice, task decisions from every API at once", _ => Task.CompletedTask) { Hosts = 3, DuplicateDeliveries = true },
        new("bad-input", "bad input on the bus (order-saga queue) and on the HTTP API, sent with the load", _ => Task.CompletedTask) { BadInput = true },
        new("start-under-db-pressure", "inventory and the saga host restarted while PostgreSQL refuses new connections (53300), allowed 5 s later", StartUnderDatabasePressureAsync),
        new("crash-after-commit", "saga host killed between a commit and its dispatch, restarted", CrashedAfterCommitAsync) { CrashAfterCommits = o => Math.Max(20, o.Orders / 2), AtFaultPoint = false },
        new("operator-repair", OperatorRepair.Faults, OperatorRepair.InjectAsync) { HostSettings = OperatorRepair.HostSettings },
    ];

    private static Scenario KillAndRestart(string process) => new($"kill-{process}", $"kill -9 of {process}, restart after 2 s", async c =>
    {
        await c.Cluster.KillAsync(process);
        await Task.Delay(TimeSpan.FromSeconds(2), c.CancellationToken);
        await c.Cluster.RestartAsync(process, c.CancellationToken);
    });

    /// <summary>
    /// A service and the saga host restarted while PostgreSQL refuses their connections: each must wait at its start-up
    /// check (it says so in its log) without consuming, and start once the database lets it in. What either held when it
    /// was killed goes back to its queue; nothing may end in <c>_error</c> (the invariants count dead letters).
    /// </summary>
    private static async Task StartUnderDatabasePressureAsync(FaultContext c)
    {
        string[] restarted = ["inventory", Cluster.HostName(0)];
        var infra = FaultInfrastructure.FromEnvironment();
        await infra.SetConnectionLimitAsync(0, c.CancellationToken);
        try
        {
            c.Say("  PostgreSQL refuses new connections of the role (CONNECTION LIMIT 0)");
            var processes = new List<ChildProcess>();
            foreach (var name in restarted)
            {
                processes.Add(await c.Cluster.RestartWithoutWaitingAsync(name));
            }

            // Each waits at its start-up check and says so; none may be ready while the database refuses it.
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(c.CancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds(60));
            await Task.WhenAll(processes.Select(p => p.WhenSaysAsync("is not ready").WaitAsync(wait.Token)));
            await Task.Delay(TimeSpan.FromSeconds(5), c.CancellationToken);
            foreach (var process in processes.Where(p => p.HasExited))
            {
                throw new InvalidOperationException($"{process.Name} exited (code {process.ExitStatus}) while it waited for the database; last lines:{Environment.NewLine}{process.Tail()}");
            }

            c.Say($"  {string.Join(" and ", restarted)} wait for the database, as they should; letting connections in again");
            await infra.SetConnectionLimitAsync(-1, c.CancellationToken);
            foreach (var process in processes)
            {
                await c.Cluster.WaitReadyAsync(process, c.CancellationToken);
            }
        }
        finally
        {
            await infra.SetConnectionLimitAsync(-1, CancellationToken.None);
        }
    }

    private static async Task CrashedAfterCommitAsync(FaultContext c)
    {
        var host = Cluster.HostName(0);
        using var wait = CancellationTokenSource.CreateLinkedTokenSource(c.CancellationToken);
        wait.CancelAfter(TimeSpan.FromSeconds(120));
        try
        {
            await c.Cluster.Process(host).WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException) when (!c.CancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"{host} did not crash within 120 s of the fault point (Faults:CrashAfterCommits was too high for this load?).");
        }

        c.MarkFault();
        c.Say($"  {host} killed itself after a commit, before the dispatch; restarting it");
        await c.Cluster.RestartAsync(host, c.CancellationToken);
    }
}

/// <summary>What a fault acts on.</summary>
internal sealed class FaultContext(Cluster cluster, Workload workload, Task load, Action<string> say, CancellationToken cancellationToken)
{
    public Cluster Cluster => cluster;

    /// <summary>The load (<see cref="Workload.RunAsync"/>): complete once every order, refund and task decision was sent.</summary>
    public Task Load => load;

    public CancellationToken CancellationToken => cancellationToken;

    /// <summary>When the fault hit (the scenario's start of recovery); set when the fault starts, or by the fault itself.</summary>
    public DateTimeOffset? FaultAt { get; private set; }

    /// <summary>The orders accepted when the fault hit: the work in flight it may hold up.</summary>
    public IReadOnlyList<Guid> InFlight { get; private set; } = [];

    public void Say(string line) => say(line);

    public void MarkFault()
    {
        InFlight = [.. workload.Orders.Keys];
        FaultAt = DateTimeOffset.UtcNow;
    }
}
