using System.Collections.Concurrent;
using System.Globalization;
using SagaHub.Benchmarks;

namespace SagaHub.Faults;

/// <summary>
/// The RabbitMQ demo's processes for one scenario: inventory, payments, shipping, notifications and one or more
/// Orders services (saga host and HTTP API each), with the demo's settings on the scenario's virtual host and
/// database. A process can be killed (SIGKILL) and started again; each start logs to its own file.
/// </summary>
internal sealed class Cluster(FaultInfrastructure infra, string logs, Action<string> say) : IAsyncDisposable
{
    public const string ApiKey = "fault-suite-operator-key-0001";
    public const int FirstPort = 5180;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private static readonly (string Name, string Project, string Section)[] Services =
    [
        ("inventory", "src/Services/SagaHub.Inventory", "Inventory"),
        ("payments", "src/Services/SagaHub.Payments", "Payments"),
        ("shipping", "src/Services/SagaHub.Shipping", "Shipping"),
        ("notifications", "src/Services/SagaHub.Notifications", "Notifications"),
    ];

    /// <summary>The stock inventory seeds when it first starts; the stock invariant starts from it.</summary>
    public static IReadOnlyDictionary<string, int> InitialStock { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["SKU-RED"] = 100_000,
        ["SKU-BLUE"] = 100_000,
        ["SKU-GREEN"] = 100_000,
        ["SKU-RARE"] = 0,
    };

    /// <summary>The exit code of a process whose bus watchdog found its bus stuck (<c>BusWatchdog.StuckExitCode</c>).</summary>
    public const int StuckExitCode = 70;

    private readonly ConcurrentDictionary<string, ChildProcess> running = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> restartedByWatchdog = new();
    private readonly ConcurrentDictionary<string, int> starts = new(StringComparer.Ordinal);
    private bool duplicates;
    private int hosts;
    private IReadOnlyDictionary<string, string> hostSettings = new Dictionary<string, string>(StringComparer.Ordinal);

    public IReadOnlyList<Uri> Apis => [.. Enumerable.Range(0, hosts).Select(i => new Uri($"http://127.0.0.1:{FirstPort + i}"))];

    public static string HostName(int index) => $"orders-{index + 1}";

    /// <summary>
    /// Starts every process and waits until each said it started (its bus is up by then). <paramref name="sagaHostSettings"/>
    /// go to every saga host, over the runner's own settings, on every (re)start.
    /// </summary>
    public async Task StartAsync(int orderHosts, bool duplicateDeliveries, int? crashAfterCommits, IReadOnlyDictionary<string, string> sagaHostSettings, CancellationToken cancellationToken)
    {
        hosts = orderHosts;
        duplicates = duplicateDeliveries;
        hostSettings = sagaHostSettings;
        foreach (var (name, _, _) in Services)
        {
            Start(name, extra: null);
        }

        for (var i = 0; i < orderHosts; i++)
        {
            Start(HostName(i), i == 0 && crashAfterCommits is { } n ? new() { ["Faults__CrashAfterCommits"] = n.ToString(CultureInfo.InvariantCulture) } : null);
        }

        await Task.WhenAll(running.Values.Select(p => p.WaitReadyAsync(StartTimeout, cancellationToken)));
    }

    public ChildProcess Process(string name) => running[name];

    /// <summary>SIGKILL: the process gets no chance to finish what it was doing.</summary>
    public async Task KillAsync(string name)
    {
        say($"  kill -9 {name} (pid {running[name].Pid})");
        await running[name].KillAsync();
    }

    /// <summary>Starts a process again (without any crash fault) and waits until it is ready.</summary>
    public async Task RestartAsync(string name, CancellationToken cancellationToken)
    {
        var process = await RestartWithoutWaitingAsync(name);
        await WaitReadyAsync(process, cancellationToken);
    }

    /// <summary>Kills a process (if it still runs) and starts it again (without any crash fault); does not wait for it.</summary>
    public async Task<ChildProcess> RestartWithoutWaitingAsync(string name)
    {
        var old = running[name];
        await old.KillAsync();
        await old.DisposeAsync();
        return Start(name, extra: null);
    }

    /// <summary>Waits until a (re)started process said it is ready.</summary>
    public async Task WaitReadyAsync(ChildProcess process, CancellationToken cancellationToken)
    {
        await process.WaitReadyAsync(StartTimeout, cancellationToken);
        say($"  {process.Name} is up again (pid {process.Pid})");
    }

    /// <summary>The processes that exited without being asked to (a crash the scenario did not inject), with their exit codes.</summary>
    public IReadOnlyList<string> Exited() => [.. running.Where(p => p.Value.HasExited).Select(p => $"{p.Key} (exit code {p.Value.ExitStatus})")];

    /// <summary>The processes the supervisor restarted after their bus watchdog stopped them.</summary>
    public IReadOnlyList<string> RestartedByWatchdog => [.. restartedByWatchdog];

    /// <summary>
    /// What Docker's restart policy or systemd does: a process that stopped itself because its bus was stuck
    /// (exit code <see cref="StuckExitCode"/>) is started again. Any other exit is left for <see cref="Exited"/> to report.
    /// </summary>
    public async Task SuperviseAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                foreach (var name in running.Where(p => p.Value.ExitStatus == StuckExitCode).Select(p => p.Key).ToList())
                {
                    say($"  {name} stopped itself: its bus was stuck (exit code {StuckExitCode}); starting it again");
                    restartedByWatchdog.Enqueue(name);
                    try
                    {
                        await RestartAsync(name, cancellationToken);
                    }
                    catch (Exception e) when (e is TimeoutException or InvalidOperationException)
                    {
                        say($"  {name} did not start again: {e.Message}"); // reported as exited at the end
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        // Hosts first, so nothing is left half-way in a service when it stops.
        await Task.WhenAll(running.Where(p => p.Key.StartsWith("orders-", StringComparison.Ordinal)).Select(p => p.Value.DisposeAsync().AsTask()));
        await Task.WhenAll(running.Where(p => !p.Key.StartsWith("orders-", StringComparison.Ordinal)).Select(p => p.Value.DisposeAsync().AsTask()));
        running.Clear();
    }

    private ChildProcess Start(string name, Dictionary<string, string>? extra)
    {
        var count = starts.AddOrUpdate(name, 1, (_, n) => n + 1);
        var log = Path.Combine(logs, count == 1 ? $"{name}.log" : $"{name}.restart{count - 1}.log");
        var (project, environment) = name.StartsWith("orders-", StringComparison.Ordinal)
            ? ("src/Services/SagaHub.OrdersService", HostEnvironment(int.Parse(name["orders-".Length..], CultureInfo.InvariantCulture) - 1))
            : ServiceEnvironment(name);
        foreach (var (key, value) in extra ?? [])
        {
            environment[key] = value;
        }

        var process = ChildProcess.Start(name, Repo.Program(project), environment, log);
        running[name] = process;
        return process;
    }

    private Dictionary<string, string> Common() => new()
    {
        ["Bus__Transport"] = "RabbitMq",
        ["RabbitMq__Host"] = "127.0.0.1",
        ["RabbitMq__VirtualHost"] = FaultInfrastructure.VirtualHost,
        ["RabbitMq__Username"] = infra.RmqUser,
        ["RabbitMq__Password"] = infra.RmqPassword,
        ["RabbitMq__PrefetchCount"] = "16",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
        ["Faults__DuplicateDeliveries"] = duplicates ? "true" : "false",
        // A bus that cannot send for 20 s stops its process (exit code 70) and SuperviseAsync starts a fresh one.
        ["Bus__StuckAfter"] = "00:00:20",
    };

    private (string Project, Dictionary<string, string> Environment) ServiceEnvironment(string name)
    {
        var (_, project, section) = Services.Single(s => s.Name == name);
        var env = Common();
        env[$"{section}__Database__Provider"] = "PostgreSql";
        env[$"{section}__Database__ConnectionString"] = infra.ConnectionString(FaultInfrastructure.Database, 8);
        switch (section)
        {
            case "Inventory":
                foreach (var (sku, quantity) in InitialStock)
                {
                    env[$"Inventory__InitialStock__{sku}"] = quantity.ToString(CultureInfo.InvariantCulture);
                }

                break;
            case "Payments":
                env["Payments__DeclineCustomers__0"] = Workload.DeclinedCustomer;
                env["Payments__FailCustomers__0"] = Workload.PaymentDownCustomer;
                break;
            case "Shipping":
                env["Shipping__FailCustomers__0"] = Workload.UnshippableCustomer;
                break;
        }

        return (project, env);
    }

    private Dictionary<string, string> HostEnvironment(int index)
    {
        var env = Common();
        env["OrdersApi__Url"] = $"http://127.0.0.1:{FirstPort + index}";
        env["OrdersApi__ApiKey"] = ApiKey;
        env["SagaHub__Store__Provider"] = "PostgreSql";
        env["SagaHub__Store__ConnectionString"] = infra.ConnectionString(FaultInfrastructure.Database, 12);
        env["SagaHub__Store__Schema"] = "orders";
        env["SagaHub__TimerPollInterval"] = "00:00:00.250";
        env["SagaHub__OutboxSweepInterval"] = "00:00:01";
        env["SagaHub__OutboxSweepAge"] = "00:00:05";
        env["OrderSaga__StepTimeout"] = "00:01:00";
        env["RefundSaga__DecisionDue"] = Workload.DecisionDue.ToString("c", CultureInfo.InvariantCulture);
        env["RefundSaga__EscalationWindow"] = Workload.EscalationWindow.ToString("c", CultureInfo.InvariantCulture);
        foreach (var (key, value) in hostSettings)
        {
            env[key] = value;
        }

        return env;
    }
}
