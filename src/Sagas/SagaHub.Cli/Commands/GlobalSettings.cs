using System.ComponentModel;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary>The options every command takes: where the API is, its key, and whether to print its JSON.</summary>
internal class GlobalSettings : CommandSettings
{
    [CommandOption("--url <URL>")]
    [Description("The service's address. Default: $SAGAHUB_URL, else " + ManagementClient.DefaultUrl + ".")]
    public string? Url { get; set; }

    [CommandOption("--prefix <PATH>")]
    [Description("The path the management API is mapped under.")]
    [DefaultValue("/sagahub")]
    public string Prefix { get; set; } = "/sagahub";

    [CommandOption("--api-key <KEY>")]
    [Description("The management API's key, sent as X-Api-Key. Default: $SAGAHUB_API_KEY.")]
    public string? ApiKey { get; set; }

    [CommandOption("--json")]
    [Description("Print the API's JSON as it is, for scripts.")]
    public bool Json { get; set; }

    /// <summary>The URL given, else the environment's, else the Orders service's default.</summary>
    public string ResolveUrl(CliEnvironment environment) =>
        Url ?? (environment.Variable(ManagementClient.UrlVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : ManagementClient.DefaultUrl);
}
