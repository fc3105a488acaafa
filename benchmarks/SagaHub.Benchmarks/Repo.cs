namespace SagaHub.Benchmarks;

/// <summary>Where the repository and the built programs are.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Artifacts => Path.Combine(Root, "artifacts", "bench");

    /// <summary>The Release build of a project: <c>src/Services/SagaHub.Inventory</c> → its dll.</summary>
    public static string Program(string projectFolder)
    {
        var name = Path.GetFileName(projectFolder);
        var dll = Path.Combine(Root, projectFolder, "bin", "Release", "net10.0", name + ".dll");
        return File.Exists(dll)
            ? dll
            : throw new FileNotFoundException($"{dll} is missing: build first (scripts/bench.sh builds the solution in Release).", dll);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SagaHub.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No SagaHub.sln above {AppContext.BaseDirectory}; run the runner from the repository's build output.");
    }
}
