using System.ComponentModel;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary>The options of every audited action: why, and who acts.</summary>
internal abstract class ActorSettings : GlobalSettings
{
    [CommandOption("--reason <REASON>")]
    [Description("Why (required): every action is recorded with its reason.")]
    public string? Reason { get; set; }

    [CommandOption("--by <NAME>")]
    [Description("Who acts. Default: the OS user name.")]
    public string? By { get; set; }

    /// <summary>The name given, else the OS user's.</summary>
    public string ResolveBy(CliEnvironment environment) => string.IsNullOrWhiteSpace(By) ? environment.UserName : By;
}
