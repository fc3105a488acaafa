using System.Text.RegularExpressions;

namespace SagaHub.Tests.Layout;

/// <summary>
/// The layout rules of docs/architecture.md, checked on the source tree: the document names only files that exist, the
/// definition and the engine do not use MassTransit, shipped packages give internals only to test projects, and every
/// file of a shipped package holds at most one public type in at most ~300 lines.
/// </summary>
public sealed partial class When_checking_the_code_layout
{
    private const int MaxLines = 300;

    /// <summary>The core's folders that must build without MassTransit (the runtime maps faults into them).</summary>
    private static readonly string[] BusFreeFolders = ["Definition", "Engine", "Transitions", "Timeouts", "HumanTasks", "Joins", "Compensation", "Faults", "History", "Graph", "Operations"];

    /// <summary>A feature's bus-facing service, which lives beside the feature (docs/architecture.md, "Layering").</summary>
    private static readonly string[] BusFacingServices = ["Timeouts/SagaTimers.cs", "HumanTasks/HumanTaskInbox.cs", "Operations/SagaOperations.cs"];

    private static readonly string Root = FindRoot();

    private static readonly string Sagas = Path.Combine(Root, "src", "Sagas");

    [Fact]
    public void Should_name_only_files_that_exist_in_the_architecture_doc()
    {
        var doc = File.ReadAllText(Path.Combine(Root, "docs", "architecture.md"));
        var files = Directory.EnumerateFiles(Root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsBuildOutput(f))
            .Select(f => Path.GetRelativePath(Root, f).Replace('\\', '/'))
            .ToList();

        var missing = NamedSourceFile().Matches(doc).Select(m => m.Groups[1].Value).Distinct()
            .Where(name => !files.Any(f => f == name || f.EndsWith("/" + name, StringComparison.Ordinal)))
            .ToList();

        Assert.True(missing.Count == 0, "docs/architecture.md names files that do not exist: " + string.Join(", ", missing));
    }

    [Fact]
    public void Should_keep_MassTransit_out_of_the_definition_and_engine_folders()
    {
        var core = Path.Combine(Sagas, "SagaHub");
        var offenders = BusFreeFolders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(core, folder), "*.cs", SearchOption.AllDirectories))
            .Where(f => File.ReadLines(f).Any(UsesMassTransit))
            .Select(f => Path.GetRelativePath(core, f).Replace('\\', '/'))
            .Except(BusFacingServices)
            .ToList();

        Assert.True(offenders.Count == 0, "these files of the definition and engine use MassTransit: " + string.Join(", ", offenders));
    }

    [Fact]
    public void Should_give_internals_only_to_test_projects()
    {
        var grants = Directory.EnumerateFiles(Sagas, "*.csproj", SearchOption.AllDirectories)
            .SelectMany(project => InternalsVisibleTo().Matches(File.ReadAllText(project)).Select(m => (Project: Path.GetFileName(project), To: m.Groups[1].Value)))
            .Where(g => !g.To.EndsWith(".Tests", StringComparison.Ordinal))
            .ToList();

        Assert.True(grants.Count == 0, "shipped packages give internals to non-test assemblies: " + string.Join(", ", grants.Select(g => $"{g.Project} → {g.To}")));
    }

    [Fact]
    public void Should_hold_one_public_type_per_file_in_shipped_packages()
    {
        var crowded = ShippedSources()
            .Select(f => (File: f, Count: File.ReadLines(f).Count(line => PublicTypeDeclaration().IsMatch(line))))
            .Where(f => f.Count > 1)
            .Select(f => $"{Path.GetRelativePath(Sagas, f.File)} ({f.Count})")
            .ToList();

        Assert.True(crowded.Count == 0, "files with more than one public type: " + string.Join(", ", crowded));
    }

    [Fact]
    public void Should_keep_shipped_source_files_under_300_lines()
    {
        var long_ = ShippedSources()
            .Select(f => (File: f, Lines: File.ReadLines(f).Count()))
            .Where(f => f.Lines > MaxLines)
            .Select(f => $"{Path.GetRelativePath(Sagas, f.File)} ({f.Lines})")
            .ToList();

        Assert.True(long_.Count == 0, $"files over {MaxLines} lines (split them, or give the reason in docs/architecture.md and raise this limit for them): " + string.Join(", ", long_));
    }

    /// <summary>A <c>using MassTransit</c>, or a qualified <c>MassTransit.</c> name outside a comment or a string.</summary>
    private static bool UsesMassTransit(string line) =>
        line.StartsWith("using MassTransit", StringComparison.Ordinal)
        || (line.Contains("MassTransit.", StringComparison.Ordinal)
            && !line.TrimStart().StartsWith("//", StringComparison.Ordinal)
            && !line.Contains('"', StringComparison.Ordinal));

    private static IEnumerable<string> ShippedSources() =>
        Directory.EnumerateFiles(Sagas, "*.cs", SearchOption.AllDirectories).Where(f => !IsBuildOutput(f));

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SagaHub.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SagaHub.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"`([^`\s]+\.cs)`")]
    private static partial Regex NamedSourceFile();

    [GeneratedRegex(@"<InternalsVisibleTo\s+Include=""([^""]+)""")]
    private static partial Regex InternalsVisibleTo();

    [GeneratedRegex(@"^public\s+(?:(?:sealed|abstract|static|partial|readonly)\s+)*(?:class|record|enum|interface|struct)\s")]
    private static partial Regex PublicTypeDeclaration();
}
