using Spectre.Console;
using Spectre.Console.Rendering;

namespace SagaHub.Cli;

/// <summary>Tables whose cells are plain text: what the API says is never read as markup.</summary>
internal static class Tables
{
    /// <summary>A table with these headers; a header ending in '!' is never wrapped (ids, types, times).</summary>
    public static Table Create(params string[] headers)
    {
        var table = new Table().Border(TableBorder.Rounded);
        foreach (var header in headers)
        {
            var keep = header.EndsWith('!');
            var column = new TableColumn(new Text(keep ? header[..^1] : header, new Style(decoration: Decoration.Bold)));
            table.AddColumn(keep ? column.NoWrap() : column);
        }

        return table;
    }

    /// <summary>Adds a row of plain text cells.</summary>
    public static Table Row(this Table table, params string[] cells)
    {
        table.AddRow(cells.Select(c => (IRenderable)new Text(c)).ToArray());
        return table;
    }

    /// <summary>Name and value lines, the names bold.</summary>
    public static Grid Fields(IEnumerable<(string Name, string Value)> fields)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (name, value) in fields.Where(f => f.Value.Length > 0))
        {
            grid.AddRow(new Text(name, new Style(decoration: Decoration.Bold)), new Text(value));
        }

        return grid;
    }

    /// <summary>A line of plain text.</summary>
    public static void Line(this IAnsiConsole console, string text) => console.Write(new Text(text + "\n"));

    /// <summary>A bold heading line.</summary>
    public static void Heading(this IAnsiConsole console, string text) => console.Write(new Text(text + "\n", new Style(decoration: Decoration.Bold)));
}
