namespace SagaHub.Tests.Layout;

/// <summary>
/// The doc comment rule of docs/architecture.md, checked on the shipped packages: a summary says what in at most two
/// lines; the why goes to docs/architecture.md.
/// </summary>
public sealed class When_checking_the_doc_comments
{
    private const int MaxSummaryLines = 2;

    /// <summary>The shipped packages whose doc comments are checked (the demo, SagaHub.Orders, is not one).</summary>
    private static readonly string[] Packages = ["SagaHub", "SagaHub.EntityFrameworkCore", "SagaHub.Testing", "SagaHub.Stateless", "SagaHub.Management", "SagaHub.Cli"];

    private static readonly string Root = FindRoot();

    private static readonly string Sagas = Path.Combine(Root, "src", "Sagas");

    [Fact]
    public void Should_keep_every_summary_of_the_shipped_packages_to_two_lines()
    {
        var long_ = Packages
            .SelectMany(package => Directory.EnumerateFiles(Path.Combine(Sagas, package), "*.cs", SearchOption.AllDirectories))
            .Where(f => !IsBuildOutput(f))
            .SelectMany(f => LongSummaries(f).Select(line => $"{Path.GetRelativePath(Root, f).Replace('\\', '/')}:{line}"))
            .ToList();

        Assert.True(long_.Count == 0, $"summaries over {MaxSummaryLines} lines (say what in one or two sentences, move the why to docs/architecture.md): " + string.Join(", ", long_));
    }

    /// <summary>The 1-based line numbers of the <c>/// &lt;summary&gt;</c> blocks of a file whose text runs over the limit.</summary>
    private static IEnumerable<int> LongSummaries(string file)
    {
        var lines = File.ReadAllLines(file);
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].TrimStart().StartsWith("/// <summary>", StringComparison.Ordinal))
            {
                continue;
            }

            var end = i;
            while (end < lines.Length && !lines[end].Contains("</summary>", StringComparison.Ordinal))
            {
                end++;
            }

            // the block counts its <summary> and </summary> lines: two lines of text make four
            if (end - i + 1 > MaxSummaryLines + 2)
            {
                yield return i + 1;
            }

            i = end;
        }
    }

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
}
