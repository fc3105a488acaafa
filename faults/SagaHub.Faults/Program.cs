using System.Diagnostics;
using SagaHub.Benchmarks;

namespace SagaHub.Faults;

// The fault runner (scripts/faults.sh): the RabbitMQ demo's processes under load, one fault per scenario, the
// invariants checked from the databases after each; prints the table and writes it to artifacts/faults/report.md.
// Exit code 1 when any invariant of any scenario failed, 2 on bad arguments, 130/143 on Ctrl+C/SIGTERM.
internal static class FaultRunner
{
    public static async Task<int> Main(string[] args)
    {
        FaultOptions options;
        try
        {
            options = FaultOptions.Parse(args);
        }
        catch (ArgumentException ex)
        {
            if (ex.Message.Length > 0)
            {
                Console.Error.WriteLine(ex.Message);
            }

            Console.Error.WriteLine(FaultOptions.Usage);
            return 2;
        }

        if (options.List)
        {
            foreach (var s in Scenario.All)
            {
                Console.WriteLine($"{s.Name,-22} {s.Faults}");
            }

            return 0;
        }

        var unknown = options.Scenarios?.Where(n => Scenario.All.All(s => s.Name != n)).ToList() ?? [];
        if (unknown.Count > 0)
        {
            Console.Error.WriteLine($"Unknown scenario(s): {string.Join(", ", unknown)}; --list prints them.");
            return 2;
        }

        var clock = Stopwatch.StartNew();
        void Say(string line) => Console.WriteLine($"[faults {clock.Elapsed.TotalSeconds,5:0}s] {line}");

        using var signals = new StopSignals("faults");

        var infra = FaultInfrastructure.FromEnvironment();
        var runner = new ScenarioRunner(infra, options, Say);
        var results = new List<ScenarioResult>();
        try
        {
            foreach (var scenario in Scenario.All.Where(s => options.Scenarios is null || options.Scenarios.Contains(s.Name)))
            {
                results.Add(await runner.RunAsync(scenario, signals.Token));
            }
        }
        catch (OperationCanceledException) when (signals.Token.IsCancellationRequested)
        {
            Say("stopped before every scenario ran");
        }
        finally
        {
            await VirtualHosts.DeleteAsync(FaultInfrastructure.VirtualHost, CancellationToken.None);
        }

        var command = "scripts/faults.sh" + (args.Length > 0 ? " " + string.Join(' ', args) : string.Empty);
        var report = Report.Markdown(results, options, command, clock.Elapsed);
        var path = Path.Combine(Repo.Root, "artifacts", "faults", "report.md");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, report);
        Console.WriteLine();
        Console.WriteLine(report);
        Console.WriteLine($"written to {Path.GetRelativePath(Repo.Root, path)}; process logs in artifacts/faults/logs/");
        return signals.ExitCode != 0 ? signals.ExitCode : results.All(r => r.Passed) && results.Count > 0 ? 0 : 1;
    }
}
