using Microsoft.Extensions.Time.Testing;
using SagaHub.Management.Tests.Support;
using Spectre.Console;

namespace SagaHub.Cli.Tests.Support;

/// <summary>Runs the tool in-process with stdout and stderr captured (200 columns, no colour), the user "tester", no process environment and the hosts' fake now.</summary>
public static class CliRun
{
    public static Task<CliResult> RunAsync(HttpClient? http, params string[] args) =>
        RunAsync(http, new Dictionary<string, string>(), args);

    public static async Task<CliResult> RunAsync(HttpClient? http, IReadOnlyDictionary<string, string> variables, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var environment = new CliEnvironment
        {
            Out = Console(stdout),
            Error = Console(stderr),
            Http = http,
            Variable = name => variables.GetValueOrDefault(name),
            UserName = "tester",
            Time = new FakeTimeProvider(ManagementHost.Now),
        };

        var code = await SagaHubCli.RunAsync(args, environment);
        return new CliResult(code, stdout.ToString(), stderr.ToString());
    }

    private static IAnsiConsole Console(TextWriter writer)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 200;
        return console;
    }
}
