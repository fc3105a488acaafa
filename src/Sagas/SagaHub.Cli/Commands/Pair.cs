namespace SagaHub.Cli;

/// <summary>A NAME=VALUE argument (<c>--search</c>, <c>--filter</c>).</summary>
internal static class Pair
{
    /// <summary>Splits at the first '='; false when there is none or the name is empty.</summary>
    public static bool TryParse(string text, out string name, out string value)
    {
        var at = text.IndexOf('=', StringComparison.Ordinal);
        name = at > 0 ? text[..at].Trim() : string.Empty;
        value = at > 0 ? text[(at + 1)..] : string.Empty;
        return name.Length > 0;
    }
}
