namespace SagaHub.ServiceDefaults.Tests.Docker;

/// <summary>The parts of a compose file the Docker tests check, read with <see cref="YamlSubsetReader"/>.</summary>
internal sealed record ComposeFile(string Path, string RelativePath, IReadOnlyList<ComposeService> Services)
{
    /// <summary>Reads <paramref name="path"/>; <paramref name="relativePath"/> names it in messages.</summary>
    /// <exception cref="FormatException">The file is not YAML of the supported subset, or not a compose file.</exception>
    public static ComposeFile Load(string path, string relativePath)
    {
        var root = YamlSubsetReader.Read(File.ReadAllText(path), relativePath) as YamlMapping
            ?? throw new FormatException($"{relativePath}: the root is not a mapping");
        if (root["services"] is not YamlMapping services)
        {
            throw new FormatException($"{relativePath}: no 'services' mapping");
        }

        return new ComposeFile(path, relativePath, [.. services.Entries.Select(e => ComposeService.From(e.Key, e.Value, relativePath))]);
    }
}

/// <summary>One service of a compose file.</summary>
/// <param name="Name">The service's name.</param>
/// <param name="Image">Its <c>image</c>, or null.</param>
/// <param name="Build">Its <c>build</c>, or null.</param>
/// <param name="Environment">Its <c>environment</c> (mapping or <c>KEY=value</c> list form) in file order; a value is null when passed through from the shell.</param>
/// <param name="HealthCheck">Its <c>healthcheck.test</c> as one string (the words of a list joined with spaces), or null.</param>
/// <param name="DependsOn">The services it depends on, with their <c>condition</c> (<c>service_started</c> for the short form).</param>
/// <param name="Ports">Its <c>ports</c> in the short syntax.</param>
internal sealed record ComposeService(
    string Name,
    string? Image,
    ComposeBuild? Build,
    IReadOnlyList<KeyValuePair<string, string?>> Environment,
    string? HealthCheck,
    IReadOnlyDictionary<string, string> DependsOn,
    IReadOnlyList<string> Ports)
{
    public static ComposeService From(string name, YamlNode node, string file)
    {
        if (node is not YamlMapping service)
        {
            throw new FormatException($"{file}: service '{name}' is not a mapping");
        }

        return new ComposeService(
            name,
            Text(service["image"]),
            ComposeBuild.From(service["build"], $"{file}: service '{name}'"),
            Pairs(service["environment"], $"{file}: service '{name}': environment"),
            HealthCheckOf(service["healthcheck"]),
            DependsOnOf(service["depends_on"], $"{file}: service '{name}': depends_on"),
            service["ports"] is YamlSequence ports ? [.. ports.Items.Select(p => Text(p) ?? string.Empty)] : []);
    }

    /// <summary>A mapping, or a list of <c>KEY=value</c> (a bare <c>KEY</c> passes the shell's value through).</summary>
    internal static IReadOnlyList<KeyValuePair<string, string?>> Pairs(YamlNode? node, string where) => node switch
    {
        null or YamlScalar { Value: null } => [],
        YamlMapping mapping => [.. mapping.Entries.Select(e => new KeyValuePair<string, string?>(e.Key, e.Value is YamlScalar s ? s.Value : throw new FormatException($"{where}: '{e.Key}' is not a scalar")))],
        YamlSequence list => [.. list.Items.Select(i => Text(i) is { } item
            ? item.IndexOf('=', StringComparison.Ordinal) is var eq and >= 0 ? new KeyValuePair<string, string?>(item[..eq], item[(eq + 1)..]) : new(item, null)
            : throw new FormatException($"{where}: an item is not a scalar"))],
        _ => throw new FormatException($"{where}: neither a mapping nor a list"),
    };

    private static string? Text(YamlNode? node) => node is YamlScalar scalar ? scalar.Value : null;

    private static string? HealthCheckOf(YamlNode? node) => node is YamlMapping health
        ? health["test"] switch
        {
            YamlScalar scalar => scalar.Value,
            YamlSequence words => string.Join(' ', words.Items.Select(Text)),
            _ => null,
        }
        : null;

    private static Dictionary<string, string> DependsOnOf(YamlNode? node, string where) => node switch
    {
        null => [],
        YamlSequence names => names.Items.Select(Text).OfType<string>().ToDictionary(n => n, _ => "service_started"),
        YamlMapping conditions => conditions.Entries.ToDictionary(
            e => e.Key,
            e => e.Value is YamlMapping m ? Text(m["condition"]) ?? "service_started" : throw new FormatException($"{where}: '{e.Key}' is not a mapping")),
        _ => throw new FormatException($"{where}: neither a list nor a mapping"),
    };
}

/// <summary>A service's <c>build</c>: the context, the Dockerfile (relative to the context) and the build arguments.</summary>
internal sealed record ComposeBuild(string Context, string Dockerfile, IReadOnlyList<KeyValuePair<string, string?>> Args)
{
    public static ComposeBuild? From(YamlNode? node, string where) => node switch
    {
        null => null,
        YamlScalar { Value: { } context } => new ComposeBuild(context, "Dockerfile", []),
        YamlMapping build => new ComposeBuild(
            (build["context"] as YamlScalar)?.Value ?? ".",
            (build["dockerfile"] as YamlScalar)?.Value ?? "Dockerfile",
            ComposeService.Pairs(build["args"], $"{where}: build.args")),
        _ => throw new FormatException($"{where}: build is neither a path nor a mapping"),
    };
}
