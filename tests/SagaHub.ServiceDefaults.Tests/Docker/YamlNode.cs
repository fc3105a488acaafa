namespace SagaHub.ServiceDefaults.Tests.Docker;

/// <summary>A node of a YAML document as <see cref="YamlSubsetReader"/> reads it; <see cref="Line"/> is 1-based.</summary>
internal abstract record YamlNode(int Line);

/// <summary>A scalar, always as text (YAML's <c>5672</c> and <c>"5672"</c> alike); <see langword="null"/> for an empty value.</summary>
internal sealed record YamlScalar(string? Value, int Line) : YamlNode(Line);

/// <summary>A block (<c>- item</c>) or flow (<c>[a, b]</c>) sequence.</summary>
internal sealed record YamlSequence(IReadOnlyList<YamlNode> Items, int Line) : YamlNode(Line);

/// <summary>A block mapping, keys in document order, merge keys (<c>&lt;&lt;: *alias</c>) already applied.</summary>
internal sealed record YamlMapping(IReadOnlyList<KeyValuePair<string, YamlNode>> Entries, int Line) : YamlNode(Line)
{
    /// <summary>The value of <paramref name="key"/> (exact, as YAML keys are), or <see langword="null"/>.</summary>
    public YamlNode? this[string key] => Entries.FirstOrDefault(e => e.Key == key).Value;
}
