using Spectre.Console;

namespace SagaHub.Cli;

/// <summary>What a run of the tool uses from outside: the consoles, the HTTP handler, environment variables, the user and the clock.</summary>
internal sealed class CliEnvironment
{
    /// <summary>Where tables and answers go (stdout).</summary>
    public required IAnsiConsole Out { get; init; }

    /// <summary>Where errors go (stderr).</summary>
    public required IAnsiConsole Error { get; init; }

    /// <summary>The HTTP client requests go through (with absolute addresses); null for a new one per run. Tests pass a test server's.</summary>
    public HttpClient? Http { get; init; }

    /// <summary>Reads an environment variable (SAGAHUB_URL, SAGAHUB_API_KEY).</summary>
    public Func<string, string?> Variable { get; init; } = Environment.GetEnvironmentVariable;

    /// <summary>The default of <c>--by</c>: who runs the tool.</summary>
    public string UserName { get; init; } = Environment.UserName;

    /// <summary>The clock relative times (<c>+30m</c>) count from.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>The process's stdout and stderr, variables and user.</summary>
    public static CliEnvironment FromProcess()
    {
        var environment = new CliEnvironment
        {
            Out = AnsiConsole.Console,
            Error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) }),
        };

        // Piped or redirected output has no terminal width: tables get room instead of Spectre's 80 columns.
        if (Console.IsOutputRedirected)
        {
            environment.Out.Profile.Width = RedirectedWidth;
        }

        return environment;
    }

    /// <summary>The width tables get when stdout is not a terminal.</summary>
    public const int RedirectedWidth = 200;

    /// <summary>Writes text as it is (JSON, a diagram), neither wrapped nor read as markup.</summary>
    public void WriteRaw(string text)
    {
        var writer = Out.Profile.Out.Writer;
        writer.Write(text);
        if (!text.EndsWith('\n'))
        {
            writer.WriteLine();
        }

        writer.Flush();
    }

    /// <summary>Writes one line to stderr as it is.</summary>
    public void WriteError(string line)
    {
        var writer = Error.Profile.Out.Writer;
        writer.WriteLine(line);
        writer.Flush();
    }
}
