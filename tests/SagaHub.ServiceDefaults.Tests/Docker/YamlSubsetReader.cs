using System.Globalization;
using System.Text;

namespace SagaHub.ServiceDefaults.Tests.Docker;

/// <summary>
/// Reads the YAML that docker/'s compose files use, and refuses the rest with an error naming the line: block
/// mappings and sequences (<c>- item</c>, <c>- key: value</c>) indented with spaces, plain, single- and double-quoted
/// scalars, one-line flow sequences (<c>["CMD", "pg_isready"]</c>), <c>{}</c>, comments, anchors (<c>&amp;name</c>),
/// aliases (<c>*name</c>) and merge keys (<c>&lt;&lt;: *name</c>). Not supported: block scalars (<c>|</c>, <c>&gt;</c>),
/// multi-line plain or flow values, flow mappings, tags, several documents. Purpose-built so the tests need no YAML
/// package; a compose file that needs more of YAML makes these tests fail loudly, not pass wrongly.
/// </summary>
internal sealed class YamlSubsetReader
{
    private readonly string source;
    private readonly List<SourceLine> lines;
    private readonly Dictionary<string, YamlNode> anchors = new(StringComparer.Ordinal);
    private int next;

    private YamlSubsetReader(string source, List<SourceLine> lines)
    {
        this.source = source;
        this.lines = lines;
    }

    /// <summary>Reads one document.</summary>
    /// <param name="text">The YAML text.</param>
    /// <param name="source">Names the text in errors (a file path).</param>
    /// <returns>The root node; an empty document is a null scalar.</returns>
    /// <exception cref="FormatException">The text is not in the supported subset; the message names the line.</exception>
    public static YamlNode Read(string text, string source)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new YamlSubsetReader(source, Split(text, source));
        if (reader.lines.Count == 0)
        {
            return new YamlScalar(null, 1);
        }

        if (reader.lines[0].Indent != 0)
        {
            throw reader.Error(reader.lines[0].Number, "the document must start at column 1");
        }

        var root = reader.ParseBlock(0);
        if (reader.next < reader.lines.Count)
        {
            throw reader.Error(reader.lines[reader.next].Number, "unexpected content after the document's root");
        }

        return root;
    }

    private static List<SourceLine> Split(string text, string source)
    {
        var result = new List<SourceLine>();
        var raw = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < raw.Length; i++)
        {
            var number = i + 1;
            var line = raw[i];
            var indent = 0;
            while (indent < line.Length && line[indent] == ' ')
            {
                indent++;
            }

            var content = StripComment(line[indent..]).TrimEnd();
            if (content.Length == 0)
            {
                continue;
            }

            if (content[0] == '\t')
            {
                throw new FormatException($"{source}:{number}: indent with spaces, not tabs");
            }

            if (indent == 0 && content is "---" or "...")
            {
                if (result.Count > 0 || content == "...")
                {
                    throw new FormatException($"{source}:{number}: only one document is supported");
                }

                continue;
            }

            if (content[0] is '%' or '!' or '?' or '|' or '>' or '@' or '`')
            {
                throw new FormatException($"{source}:{number}: '{content[0]}' at the start of a line is not supported");
            }

            result.Add(new SourceLine(number, indent, content));
        }

        return result;
    }

    /// <summary>Cuts a comment: a <c>#</c> at the start or after a space, outside quotes.</summary>
    private static string StripComment(string text)
    {
        var quote = '\0';
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote == '"')
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    quote = '\0';
                }
            }
            else if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = '\0';
                }
            }
            else if (c is '"' or '\'' && (i == 0 || text[i - 1] is ' ' or '[' or ','))
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || text[i - 1] == ' '))
            {
                return text[..i];
            }
        }

        return text;
    }

    private static bool IsSequenceItem(string text) => text == "-" || text.StartsWith("- ", StringComparison.Ordinal);

    private YamlNode ParseBlock(int indent) =>
        IsSequenceItem(lines[next].Text) ? ParseSequence(indent) : ParseMapping(indent);

    private YamlMapping ParseMapping(int indent)
    {
        var first = lines[next].Number;
        var entries = new List<KeyValuePair<string, YamlNode>>();
        var merges = new List<(YamlNode Node, int Line)>();
        while (next < lines.Count && lines[next].Indent >= indent)
        {
            var line = lines[next];
            if (line.Indent > indent)
            {
                throw Error(line.Number, $"unexpected indentation ({line.Indent} spaces where {indent} were expected)");
            }

            if (IsSequenceItem(line.Text))
            {
                throw Error(line.Number, "a sequence item where a mapping key was expected");
            }

            if (!TrySplitKey(line.Text, line.Number, out var key, out var rest))
            {
                throw Error(line.Number, $"expected 'key: value', found '{line.Text}'");
            }

            next++;
            var value = ParseValue(rest, line.Number, indent, inMapping: true);
            if (key == "<<")
            {
                merges.Add((value, line.Number));
            }
            else if (entries.Any(e => e.Key == key))
            {
                throw Error(line.Number, $"duplicate key '{key}'");
            }
            else
            {
                entries.Add(new(key, value));
            }
        }

        // Merge keys: merged entries never replace the mapping's own keys, and an earlier merge wins over a later one.
        foreach (var (node, line) in merges)
        {
            IEnumerable<YamlNode> sources = node is YamlSequence sequence ? sequence.Items : [node];
            foreach (var merged in sources)
            {
                if (merged is not YamlMapping mapping)
                {
                    throw Error(line, "'<<' must merge a mapping (an alias of one) or a sequence of them");
                }

                foreach (var entry in mapping.Entries.Where(e => entries.All(own => own.Key != e.Key)))
                {
                    entries.Add(entry);
                }
            }
        }

        return new YamlMapping(entries, first);
    }

    private YamlSequence ParseSequence(int indent)
    {
        var first = lines[next].Number;
        var items = new List<YamlNode>();
        while (next < lines.Count && lines[next].Indent >= indent)
        {
            var line = lines[next];
            if (line.Indent > indent)
            {
                throw Error(line.Number, $"unexpected indentation ({line.Indent} spaces where {indent} were expected)");
            }

            if (!IsSequenceItem(line.Text))
            {
                break;
            }

            var content = line.Text.Length == 1 ? string.Empty : line.Text[2..].TrimStart(' ');
            if (content.Length > 0 && TrySplitKey(content, line.Number, out _, out _))
            {
                // "- key: value": a mapping whose keys line up with this first one.
                lines[next] = new SourceLine(line.Number, indent + line.Text.Length - content.Length, content);
                items.Add(ParseMapping(lines[next].Indent));
                continue;
            }

            next++;
            items.Add(ParseValue(content, line.Number, indent, inMapping: false));
        }

        return new YamlSequence(items, first);
    }

    private YamlNode ParseValue(string text, int line, int indent, bool inMapping)
    {
        string? anchor = null;
        if (text.StartsWith('&'))
        {
            var end = text.IndexOf(' ', StringComparison.Ordinal);
            anchor = end < 0 ? text[1..] : text[1..end];
            text = end < 0 ? string.Empty : text[end..].TrimStart(' ');
            CheckName(anchor, line, "anchor");
        }

        YamlNode node;
        if (text.Length == 0)
        {
            var nested = next < lines.Count && (lines[next].Indent > indent || (inMapping && lines[next].Indent == indent && IsSequenceItem(lines[next].Text)));
            node = nested ? ParseBlock(lines[next].Indent) : new YamlScalar(null, line);
        }
        else if (text.StartsWith('*'))
        {
            if (anchor is not null)
            {
                throw Error(line, "an alias cannot have an anchor");
            }

            var name = text[1..];
            CheckName(name, line, "alias");
            node = anchors.TryGetValue(name, out var target) ? target : throw Error(line, $"alias '*{name}' names no anchor defined above it");
        }
        else if (text.StartsWith('['))
        {
            node = ParseFlowSequence(text, line);
        }
        else if (text.StartsWith('{'))
        {
            node = text == "{}" ? new YamlMapping([], line) : throw Error(line, "flow mappings ({ ... }) are not supported; write a block mapping");
        }
        else if (text[0] is '|' or '>')
        {
            throw Error(line, "block scalars (| and >) are not supported");
        }
        else if (text[0] is '!' or '%' or '@' or '`')
        {
            throw Error(line, $"a value starting with '{text[0]}' is not supported");
        }
        else
        {
            node = new YamlScalar(ParseScalar(text, line), line);
        }

        if (anchor is not null)
        {
            anchors[anchor] = node;
        }

        return node;
    }

    private YamlSequence ParseFlowSequence(string text, int line)
    {
        if (!text.EndsWith(']'))
        {
            throw Error(line, "a flow sequence must close on its line ([a, b])");
        }

        var items = new List<YamlNode>();
        var inner = text[1..^1];
        var i = 0;
        while (true)
        {
            while (i < inner.Length && inner[i] == ' ')
            {
                i++;
            }

            if (i >= inner.Length)
            {
                break;
            }

            string value;
            if (inner[i] is '"' or '\'')
            {
                value = ReadQuoted(inner, ref i, line);
            }
            else if (inner[i] is '[' or '{')
            {
                throw Error(line, "nested flow collections are not supported");
            }
            else
            {
                var end = inner.IndexOf(',', i);
                end = end < 0 ? inner.Length : end;
                value = inner[i..end].Trim(' ');
                if (value.StartsWith('*') || value.StartsWith('&'))
                {
                    throw Error(line, "anchors and aliases inside flow sequences are not supported");
                }

                i = end;
            }

            items.Add(new YamlScalar(value, line));
            while (i < inner.Length && inner[i] == ' ')
            {
                i++;
            }

            if (i < inner.Length)
            {
                if (inner[i] != ',')
                {
                    throw Error(line, $"expected ',' or ']' in the flow sequence, found '{inner[i]}'");
                }

                i++;
            }
        }

        return new YamlSequence(items, line);
    }

    private string ParseScalar(string text, int line)
    {
        if (text[0] is '"' or '\'')
        {
            var i = 0;
            var value = ReadQuoted(text, ref i, line);
            return i == text.Length ? value : throw Error(line, $"unexpected text after the quoted value: '{text[i..]}'");
        }

        if (text.Contains(": ", StringComparison.Ordinal) || text.EndsWith(':'))
        {
            throw Error(line, $"a mapping cannot start on the line of its key ('{text}'); put it on the next lines, indented");
        }

        return text;
    }

    private string ReadQuoted(string text, ref int i, int line)
    {
        var quote = text[i++];
        var value = new StringBuilder();
        while (true)
        {
            if (i >= text.Length)
            {
                throw Error(line, $"unterminated {(quote == '"' ? "double" : "single")}-quoted value (quoted values must close on their line)");
            }

            var c = text[i++];
            if (quote == '\'')
            {
                if (c != '\'')
                {
                    value.Append(c);
                }
                else if (i < text.Length && text[i] == '\'')
                {
                    value.Append('\'');
                    i++;
                }
                else
                {
                    return value.ToString();
                }
            }
            else if (c == '"')
            {
                return value.ToString();
            }
            else if (c != '\\')
            {
                value.Append(c);
            }
            else
            {
                if (i >= text.Length)
                {
                    throw Error(line, "a double-quoted value ends in a lone backslash");
                }

                var escape = text[i++];
                value.Append(escape switch
                {
                    '\\' => "\\",
                    '"' => "\"",
                    '/' => "/",
                    ' ' => " ",
                    '0' => "\0",
                    'a' => "\a",
                    'b' => "\b",
                    't' => "\t",
                    'n' => "\n",
                    'v' => "\v",
                    'f' => "\f",
                    'r' => "\r",
                    'e' => "\u001b",
                    'x' => Hex(text, ref i, 2, line),
                    'u' => Hex(text, ref i, 4, line),
                    _ => throw Error(line, $"unknown escape '\\{escape}' in a double-quoted value"),
                });
            }
        }
    }

    private string Hex(string text, ref int i, int digits, int line)
    {
        if (i + digits > text.Length || !int.TryParse(text.AsSpan(i, digits), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var code))
        {
            throw Error(line, $"expected {digits} hex digits after the escape");
        }

        i += digits;
        return char.ConvertFromUtf32(code);
    }

    /// <summary>Splits <c>key: rest</c> (or <c>key:</c>); false when the text is not a mapping entry (a scalar such as <c>http://x</c>).</summary>
    private bool TrySplitKey(string text, int line, out string key, out string rest)
    {
        key = rest = string.Empty;
        int colon;
        if (text[0] is '"' or '\'')
        {
            var i = 0;
            var quoted = ReadQuoted(text, ref i, line);
            if (i >= text.Length || text[i] != ':' || (i + 1 < text.Length && text[i + 1] != ' '))
            {
                return false;
            }

            key = quoted;
            colon = i;
        }
        else
        {
            colon = -1;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == ':' && (i + 1 == text.Length || text[i + 1] == ' '))
                {
                    colon = i;
                    break;
                }
            }

            if (colon <= 0)
            {
                return false;
            }

            key = text[..colon].TrimEnd(' ');
            if (key.StartsWith('[') || key.StartsWith('{') || key.StartsWith('&') || key.StartsWith('*'))
            {
                return false;
            }
        }

        rest = text[(colon + 1)..].Trim(' ');
        return true;
    }

    private void CheckName(string name, int line, string what)
    {
        if (name.Length == 0 || name.Any(c => c is ' ' or ',' or '[' or ']' or '{' or '}'))
        {
            throw Error(line, $"'{name}' is not a valid {what} name");
        }
    }

    private FormatException Error(int line, string message) => new($"{source}:{line}: {message}");

    private sealed record SourceLine(int Number, int Indent, string Text);
}
