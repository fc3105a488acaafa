using System.Text.Json;
using Spectre.Console;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary>A command that calls the management API: checks the URL, makes the client, and prints the answer or why it failed.</summary>
internal abstract class ApiCommand<TSettings>(CliEnvironment environment) : AsyncCommand<TSettings>
    where TSettings : GlobalSettings
{
    protected CliEnvironment Environment => environment;

    protected IAnsiConsole Out => environment.Out;

    public override ValidationResult Validate(CommandContext context, TSettings settings)
    {
        var url = settings.ResolveUrl(environment);
        return ManagementClient.BaseUriOf(url, settings.Prefix) is null
            ? ValidationResult.Error($"'{url}' is not an http or https address (give --url or set {ManagementClient.UrlVariable}).")
            : base.Validate(context, settings);
    }

    public sealed override async Task<int> ExecuteAsync(CommandContext context, TSettings settings)
    {
        using var api = ManagementClient.For(settings, environment);
        return await RunAsync(api, settings).ConfigureAwait(false);
    }

    /// <summary>Calls the API and prints what it answered; returns the exit code.</summary>
    protected abstract Task<int> RunAsync(ManagementClient api, TSettings settings);

    /// <summary>Prints a successful answer (its JSON as it is with --json, else <paramref name="render"/>), or why it failed.</summary>
    protected int Print(ManagementClient api, ApiAnswer answer, TSettings settings, Action<JsonElement> render)
    {
        if (!answer.IsSuccess)
        {
            return Fail(api, answer, settings);
        }

        if (!answer.TryJson(out var json))
        {
            environment.WriteError($"error: {answer.Status} from {api.BaseUri}, but not JSON; are --url and --prefix right?");
            return ExitCodes.Unavailable;
        }

        if (settings.Json)
        {
            environment.WriteRaw(answer.Body);
        }
        else
        {
            render(json);
        }

        return ExitCodes.Ok;
    }

    /// <summary>Prints why an answer failed to stderr (with --json, its body to stdout too) and returns its exit code.</summary>
    protected int Fail(ManagementClient api, ApiAnswer answer, TSettings settings)
    {
        if (settings.Json && answer.TryJson(out _))
        {
            environment.WriteRaw(answer.Body);
        }

        return ProblemReport.Write(answer, api.BaseUri, environment.WriteError);
    }
}
