using System.Text.RegularExpressions;
using SagaHub.OrdersService.Api;

namespace SagaHub.ServiceDefaults.Tests.Docker;

/// <summary>
/// docker/'s compose files and Dockerfile, read from the repository and checked against the code, since this machine
/// (and CI) has no Docker engine to run them: what they build exists, every setting they pass lands on an options
/// property, the Orders API is reachable where compose publishes it and guarded by a key, and every service is health
/// checked or waits for healthy dependencies.
/// </summary>
public sealed partial class DockerComposeFilesTests
{
    private static readonly string[] ComposeFiles = ["docker/compose.yaml", "docker/compose.services.yaml"];

    /// <summary>The overlay's services and the program each one must run.</summary>
    private static readonly Dictionary<string, string> Programs = new(StringComparer.Ordinal)
    {
        ["orders"] = "SagaHub.OrdersService",
        ["inventory"] = "SagaHub.Inventory",
        ["payments"] = "SagaHub.Payments",
        ["shipping"] = "SagaHub.Shipping",
        ["notifications"] = "SagaHub.Notifications",
    };

    /// <summary>Variables that .NET itself reads, not an options class: hosting (<c>ASPNETCORE_*</c>, <c>DOTNET_*</c>) and log levels.</summary>
    private static readonly string[] FrameworkVariablePrefixes = ["ASPNETCORE_", "DOTNET_", "Logging__"];

    /// <summary>The .NET images (mcr.microsoft.com/dotnet/...) set this to 8080, and then <c>UseOrdersApiUrls</c> leaves <c>OrdersApi:Url</c> unused.</summary>
    private const string HttpPortsVariable = "ASPNETCORE_HTTP_PORTS";

    private const string OrdersProgram = "SagaHub.OrdersService";

    private static readonly string Root = RepositoryRoot();

    [Fact]
    public void Overlay_EveryService_IsBuiltFromItsProgram()
    {
        var overlay = Load().Single(f => f.RelativePath == "docker/compose.services.yaml");
        var problems = new List<string>();
        foreach (var (name, program) in Programs)
        {
            var service = overlay.Services.FirstOrDefault(s => s.Name == name);
            if (service?.Build is null)
            {
                problems.Add($"{overlay.RelativePath}: service '{name}' is missing or has no build");
            }
            else if (Argument(service, "PROJECT") != program)
            {
                problems.Add($"{overlay.RelativePath}: service '{name}': build argument PROJECT is {(Argument(service, "PROJECT") is { } given ? $"'{given}'" : "not given")}, expected '{program}'");
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void BuiltServices_ContextAndDockerfile_Exist()
    {
        var problems = new List<string>();
        foreach (var (file, service) in BuiltServices())
        {
            var context = ContextOf(file, service);
            if (!Directory.Exists(context))
            {
                problems.Add($"{file.RelativePath}: service '{service.Name}': build context '{service.Build!.Context}' ({context}) does not exist");
            }
            else if (!File.Exists(DockerfileOf(file, service)))
            {
                problems.Add($"{file.RelativePath}: service '{service.Name}': Dockerfile '{service.Build!.Dockerfile}' does not exist in its build context, {(Relative(context) == "." ? "the repository root" : Relative(context))}");
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void BuiltServices_DockerfileArguments_AreGivenAndProjectNamesAServiceProgram()
    {
        var problems = new List<string>();
        foreach (var (file, service) in BuiltServices())
        {
            var where = $"{file.RelativePath}: service '{service.Name}'";
            if (Dockerfile(file, service) is not { } dockerfile)
            {
                problems.Add($"{where}: its Dockerfile '{service.Build!.Dockerfile}' does not exist");
                continue;
            }

            var given = service.Build!.Args.Select(a => a.Key).ToHashSet(StringComparer.Ordinal);
            problems.AddRange(dockerfile.Args.Where(a => a.Value is null && !given.Contains(a.Key)).Select(a => $"{where}: the Dockerfile needs the build argument {a.Key}, which is not given"));
            problems.AddRange(given.Where(a => !dockerfile.Args.ContainsKey(a)).Select(a => $"{where}: build argument {a} is declared nowhere in the Dockerfile (no ARG {a})"));
            if (Argument(service, "PROJECT") is { } project)
            {
                problems.AddRange(ProgramProblems(project).Select(p => $"{where}: build argument PROJECT={project}: {p}"));
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void BuiltServices_EnvironmentVariables_BindToOptionsProperties()
    {
        var problems = new List<string>();
        foreach (var (file, service) in BuiltServices())
        {
            var where = $"{file.RelativePath}: service '{service.Name}'";
            var project = Argument(service, "PROJECT");
            if (project is null || ProgramProblems(project).Count > 0)
            {
                problems.Add($"{where}: no build argument PROJECT naming a service program, so nothing tells which options its environment must bind to");
                continue;
            }

            var resolver = OptionsKeyResolver.ForProgram(project);
            foreach (var (variable, _) in service.Environment)
            {
                if (FrameworkVariablePrefixes.Any(p => variable.StartsWith(p, StringComparison.Ordinal)))
                {
                    continue;
                }

                var problem = variable.Contains("__", StringComparison.Ordinal)
                    ? resolver.Problem(variable.Replace("__", ":", StringComparison.Ordinal))
                    : $"neither a configuration key (Section__Key) nor a framework variable ({string.Join(", ", FrameworkVariablePrefixes.Select(p => p + "*"))})";
                if (problem is not null)
                {
                    problems.Add($"{where}: environment variable {variable}: {problem}");
                }
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void OrdersApi_BeyondLoopback_TakesItsApiKeyFromARequiredVariable()
    {
        var problems = new List<string>();
        foreach (var (file, service) in BuiltServices())
        {
            var where = $"{file.RelativePath}: service '{service.Name}'";
            var key = Environment(service, "OrdersApi__ApiKey");
            if (key is not null && !RequiredVariable().IsMatch(key))
            {
                problems.Add($"{where}: OrdersApi__ApiKey is '{key}'; take it from a required compose variable, e.g. ${{SAGAHUB_API_KEY:?set it}}, never a value in the file");
            }

            if (IsOrdersApi(service) && Uri.TryCreate(OrdersApiUrl(file, service), UriKind.Absolute, out var url) && !url.IsLoopback && key is null)
            {
                problems.Add($"{where}: the Orders API listens on {url} (beyond loopback) with no OrdersApi__ApiKey: its task and operator endpoints would be open");
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void OrdersApi_Port_IsThePortComposePublishesAndProbes()
    {
        var problems = new List<string>();
        var orders = BuiltServices().Where(x => IsOrdersApi(x.Service)).ToList();
        Assert.NotEmpty(orders);
        foreach (var (file, service) in orders)
        {
            var where = $"{file.RelativePath}: service '{service.Name}'";
            if (!Uri.TryCreate(OrdersApiUrl(file, service), UriKind.Absolute, out var url))
            {
                problems.Add($"{where}: the Orders API's address '{OrdersApiUrl(file, service)}' is not a URL");
                continue;
            }

            if (url.IsLoopback)
            {
                problems.Add($"{where}: the Orders API listens on {url}, loopback inside the container, where no published port reaches it");
            }

            var port = url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            if (!service.Ports.Any(p => p.Split('/')[0].Split(':')[^1] == port))
            {
                problems.Add($"{where}: the Orders API listens on port {port}, which 'ports' ({string.Join(", ", service.Ports)}) does not publish");
            }

            if (service.HealthCheck is not { } health || !health.Contains("/health", StringComparison.Ordinal) || !Regex.IsMatch(health, $@"\b{port}\b"))
            {
                problems.Add($"{where}: no health check requests /health on port {port} (the endpoint MapOrdersApi maps; health check: '{service.HealthCheck}')");
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void Services_Each_HasAHealthCheckOrWaitsForHealthyDependencies()
    {
        var files = Load();
        var all = files.SelectMany(f => f.Services).GroupBy(s => s.Name).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var file in files)
        {
            foreach (var service in file.Services)
            {
                var where = $"{file.RelativePath}: service '{service.Name}'";
                if (service.HealthCheck is null && (service.DependsOn.Count == 0 || service.DependsOn.Values.Any(c => c != "service_healthy")))
                {
                    problems.Add($"{where}: no health check, and it does not wait for dependencies with condition service_healthy");
                }

                foreach (var (dependency, condition) in service.DependsOn)
                {
                    if (!all.TryGetValue(dependency, out var target))
                    {
                        problems.Add($"{where}: depends on '{dependency}', which no compose file defines");
                    }
                    else if (condition == "service_healthy" && target.HealthCheck is null)
                    {
                        problems.Add($"{where}: waits for '{dependency}' to be healthy, which has no health check");
                    }
                }

                if (service.Build is not null && service.HealthCheck is { } health && Regex.IsMatch(health, @"\b(curl|wget)\b"))
                {
                    problems.Add($"{where}: its health check calls curl or wget, which the .NET runtime images do not have ('{health}')");
                }
            }
        }

        AssertNone(problems);
    }

    [Fact]
    public void TestOutput_ServiceAppSettings_AreNotCopied()
    {
        // The csproj keeps the Orders service's appsettings*.json from being copied here: SagaHubServiceHost.CreateBuilder
        // (used by this project's host tests) would read them, and their log filters would hide what the secrets tests scan.
        Assert.Empty(Directory.GetFiles(AppContext.BaseDirectory, "appsettings*.json"));
    }

    /// <summary>Where the Orders API listens in the container, as <c>UseOrdersApiUrls</c> and Kestrel decide from the environment.</summary>
    private static string OrdersApiUrl(ComposeFile file, ComposeService service)
    {
        if ((Environment(service, "ASPNETCORE_URLS") ?? Environment(service, "DOTNET_URLS")) is { Length: > 0 } urls && !string.IsNullOrWhiteSpace(urls))
        {
            return urls.Split(';')[0].Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal);
        }

        var dockerfile = Dockerfile(file, service);
        var imagePorts = dockerfile?.RuntimeImage?.StartsWith("mcr.microsoft.com/dotnet/", StringComparison.Ordinal) == true ? "8080" : null;
        var httpPorts = Environment(service, HttpPortsVariable)
            ?? (dockerfile is not null && dockerfile.RuntimeEnvironment.TryGetValue(HttpPortsVariable, out var set) ? set : imagePorts);
        if (!string.IsNullOrWhiteSpace(httpPorts))
        {
            return $"http://0.0.0.0:{httpPorts.Split(';')[0].Trim()}";
        }

        return Environment(service, "OrdersApi__Url") ?? OrdersApiOptions.DefaultUrl;
    }

    /// <summary>Why <paramref name="project"/> is not a service program the Dockerfile can publish, run and configure.</summary>
    private static List<string> ProgramProblems(string project)
    {
        var folder = Path.Combine(Root, "src", "Services", project);
        var csproj = Path.Combine(folder, project + ".csproj");
        if (!File.Exists(csproj))
        {
            return [$"src/Services/{project}/{project}.csproj does not exist"];
        }

        var problems = new List<string>();
        var text = File.ReadAllText(csproj);
        if (Regex.Match(text, "<AssemblyName>([^<]*)</AssemblyName>") is { Success: true } name && name.Groups[1].Value != project)
        {
            problems.Add($"its assembly is {name.Groups[1].Value}.dll, not {project}.dll, which the Dockerfile runs");
        }

        if (!File.Exists(Path.Combine(folder, "appsettings.json")))
        {
            problems.Add($"src/Services/{project} has no appsettings.json");
        }
        else if (!text.Contains("Microsoft.NET.Sdk.Web", StringComparison.Ordinal) && !text.Contains("SagaHub.ServiceDefaults.targets", StringComparison.Ordinal))
        {
            problems.Add("its appsettings.json is not published next to the program (neither the web SDK nor SagaHub.ServiceDefaults.targets)");
        }

        try
        {
            if (System.Reflection.Assembly.Load(new System.Reflection.AssemblyName(project)).EntryPoint is null)
            {
                problems.Add("it is a library, not a program");
            }
        }
        catch (FileNotFoundException)
        {
            problems.Add("its assembly is not referenced by SagaHub.ServiceDefaults.Tests, so its options cannot be checked (add a ProjectReference)");
        }

        return problems;
    }

    private static IEnumerable<(ComposeFile File, ComposeService Service)> BuiltServices() =>
        Load().SelectMany(f => f.Services.Where(s => s.Build is not null).Select(s => (f, s)));

    private static List<ComposeFile> Load() => [.. ComposeFiles.Select(f => ComposeFile.Load(Path.Combine(Root, f), f))];

    /// <summary>The build context: compose resolves it from the compose file's folder (both files live in docker/).</summary>
    private static string ContextOf(ComposeFile file, ComposeService service) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file.Path)!, service.Build!.Context));

    private static string DockerfileOf(ComposeFile file, ComposeService service) =>
        Path.GetFullPath(Path.Combine(ContextOf(file, service), service.Build!.Dockerfile));

    private static DockerfileInfo? Dockerfile(ComposeFile file, ComposeService service) =>
        File.Exists(DockerfileOf(file, service)) ? DockerfileInfo.Parse(File.ReadAllText(DockerfileOf(file, service))) : null;

    /// <summary>Runs the Orders service: built from its project, or configured with its API's address.</summary>
    private static bool IsOrdersApi(ComposeService service) =>
        Argument(service, "PROJECT") == OrdersProgram || Environment(service, "OrdersApi__Url") is not null;

    private static string? Argument(ComposeService service, string name) =>
        service.Build?.Args.FirstOrDefault(a => a.Key == name).Value;

    private static string? Environment(ComposeService service, string name) =>
        service.Environment.FirstOrDefault(e => e.Key == name).Value;

    private static string Relative(string path) => Path.GetRelativePath(Root, path);

    private static void AssertNone(List<string> problems)
    {
        if (problems.Count > 0)
        {
            Assert.Fail($"{problems.Count} problem(s) in docker/:{System.Environment.NewLine}{string.Join(System.Environment.NewLine, problems)}");
        }
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SagaHub.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("SagaHub.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary><c>${NAME:?message}</c>: compose stops with the message when the variable is unset or empty.</summary>
    [GeneratedRegex(@"^\$\{[A-Za-z_][A-Za-z0-9_]*:\?[^}]+\}$")]
    private static partial Regex RequiredVariable();
}
