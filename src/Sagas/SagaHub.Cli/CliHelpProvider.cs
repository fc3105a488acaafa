using System.Globalization;
using Spectre.Console;
using Spectre.Console.Cli;
using Spectre.Console.Cli.Help;
using Spectre.Console.Rendering;

namespace SagaHub.Cli;

/// <summary>Spectre's help, with the environment variables and the exit codes after it.</summary>
internal sealed class CliHelpProvider(ICommandAppSettings settings) : HelpProvider(settings)
{
    public override IEnumerable<IRenderable> GetFooter(ICommandModel model, ICommandInfo? command)
    {
        var heading = new Style(Color.Yellow);
        return
        [
            .. base.GetFooter(model, command),
            new Text("\nENVIRONMENT:\n", heading),
            Section(
            [
                (ManagementClient.UrlVariable, $"the default of --url ({ManagementClient.DefaultUrl} when unset)"),
                (ManagementClient.ApiKeyVariable, "the default of --api-key (never printed)"),
            ]),
            new Text("\nEXIT CODES:\n", heading),
            Section(ExitCodes.All.Select(c => (c.Code.ToString(CultureInfo.InvariantCulture), c.Meaning))),
        ];
    }

    private static Grid Section(IEnumerable<(string Name, string Meaning)> rows)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadLeft(4).PadRight(2)).AddColumn();
        foreach (var (name, meaning) in rows)
        {
            grid.AddRow(new Text(name), new Text(meaning));
        }

        return grid;
    }
}
