namespace SagaHub.ServiceDefaults.Tests.Docker;

/// <summary>
/// What the Docker tests read from a Dockerfile: its <c>ARG</c>s (with their defaults, null for none) and the
/// final stage's base image and <c>ENV</c> settings.
/// </summary>
internal sealed record DockerfileInfo(IReadOnlyDictionary<string, string?> Args, string? RuntimeImage, IReadOnlyDictionary<string, string> RuntimeEnvironment)
{
    public static DockerfileInfo Parse(string text)
    {
        var args = new Dictionary<string, string?>(StringComparer.Ordinal);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        string? image = null;
        foreach (var instruction in Instructions(text))
        {
            var space = instruction.IndexOf(' ', StringComparison.Ordinal);
            var keyword = (space < 0 ? instruction : instruction[..space]).ToUpperInvariant();
            var rest = space < 0 ? string.Empty : instruction[(space + 1)..].Trim();
            switch (keyword)
            {
                case "FROM":
                    image = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(w => !w.StartsWith("--", StringComparison.Ordinal));
                    environment.Clear();
                    break;
                case "ARG":
                    foreach (var word in rest.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                    {
                        var eq = word.IndexOf('=', StringComparison.Ordinal);
                        var name = eq < 0 ? word : word[..eq];
                        var value = eq < 0 ? null : Unquote(word[(eq + 1)..]);
                        if (!args.TryGetValue(name, out var known) || known is null)
                        {
                            args[name] = value;
                        }
                    }

                    break;
                case "ENV":
                    var words = rest.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                    if (words.Length > 0 && !words[0].Contains('=', StringComparison.Ordinal))
                    {
                        environment[words[0]] = Unquote(string.Join(' ', words.Skip(1)));
                    }
                    else
                    {
                        foreach (var word in words)
                        {
                            var eq = word.IndexOf('=', StringComparison.Ordinal);
                            environment[word[..eq]] = Unquote(word[(eq + 1)..]);
                        }
                    }

                    break;
            }
        }

        return new DockerfileInfo(args, image, environment);
    }

    /// <summary>Instructions with their continuation lines joined, comments and blank lines dropped.</summary>
    private static IEnumerable<string> Instructions(string text)
    {
        var current = string.Empty;
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || (line.Length == 0 && current.Length == 0))
            {
                continue;
            }

            if (line.EndsWith('\\'))
            {
                current += line[..^1] + " ";
                continue;
            }

            yield return current + line;
            current = string.Empty;
        }

        if (current.Length > 0)
        {
            yield return current;
        }
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] is '"' or '\'' && value[^1] == value[0] ? value[1..^1] : value;
}
