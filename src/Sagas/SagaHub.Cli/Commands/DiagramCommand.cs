using System.ComponentModel;
using Spectre.Console.Cli;

namespace SagaHub.Cli;

/// <summary><c>sagahub diagram &lt;type&gt; [--dot]</c>: prints a saga type's diagram, Mermaid or DOT, to paste or pipe.</summary>
internal sealed class DiagramCommand(CliEnvironment environment) : ApiCommand<DiagramCommand.Settings>(environment)
{
    protected override async Task<int> RunAsync(ManagementClient api, Settings settings)
    {
        var answer = await api.GetAsync($"definitions/{Uri.EscapeDataString(settings.Type)}").ConfigureAwait(false);
        return Print(api, answer, settings, definition => Environment.WriteRaw(definition.Text(settings.Dot ? "dot" : "mermaid")));
    }

    /// <summary>The arguments of <c>diagram</c>.</summary>
    internal sealed class Settings : GlobalSettings
    {
        [CommandArgument(0, "<type>")]
        [Description("The saga type.")]
        public string Type { get; set; } = string.Empty;

        [CommandOption("--dot")]
        [Description("Graphviz DOT instead of Mermaid.")]
        public bool Dot { get; set; }
    }
}
