using System.Globalization;
using System.Text;

namespace SagaHub.OrdersService.Tests;

/// <summary>One answer of <c>GET /metrics</c> in the Prometheus text format, read into samples (comment lines skipped).</summary>
public sealed class PrometheusScrape
{
    private PrometheusScrape(string text, IReadOnlyList<Sample> samples)
    {
        Text = text;
        Samples = samples;
    }

    public string Text { get; }

    public IReadOnlyList<Sample> Samples { get; }

    /// <summary>Reads <c>name{label="value",...} value [timestamp]</c> lines; fails on a line that is neither that nor a comment.</summary>
    public static PrometheusScrape Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var nameEnd = line.IndexOfAny(['{', ' ']);
            Assert.True(nameEnd > 0, $"not a sample line: {line}");
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            var at = nameEnd;
            if (line[at] == '{')
            {
                at = ReadLabels(line, at + 1, labels);
            }

            var fields = line[at..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.True(fields.Length is 1 or 2, $"not a sample line: {line}");
            samples.Add(new Sample(line[..nameEnd], labels, ParseValue(fields[0])));
        }

        return new PrometheusScrape(text, samples);
    }

    /// <summary>The samples of metric <paramref name="name"/> (the exported name: <c>sagahub_transitions_total</c>).</summary>
    public IReadOnlyList<Sample> Named(string name) => [.. Samples.Where(s => s.Name == name)];

    /// <summary>The sum of the values of <paramref name="name"/> whose labels include every pair in <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Label, string Value)[] labels) =>
        Named(name).Where(s => labels.All(l => s.Labels.TryGetValue(l.Label, out var v) && v == l.Value)).Sum(s => s.Value);

    private static int ReadLabels(string line, int at, Dictionary<string, string> labels)
    {
        while (line[at] != '}')
        {
            var equals = line.IndexOf('=', at);
            var name = line[at..equals].TrimStart(',');
            Assert.Equal('"', line[equals + 1]);
            var value = new StringBuilder();
            at = equals + 2;
            for (; line[at] != '"'; at++)
            {
                if (line[at] == '\\')
                {
                    at++;
                    value.Append(line[at] == 'n' ? '\n' : line[at]);
                    continue;
                }

                value.Append(line[at]);
            }

            labels[name] = value.ToString();
            at++;
            if (line[at] == ',')
            {
                at++;
            }
        }

        return at + 1;
    }

    private static double ParseValue(string value) => value switch
    {
        "+Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        _ => double.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>One sample: the exported metric name, its labels, its value.</summary>
    public sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
    {
        public override string ToString() => $"{Name}{{{string.Join(",", Labels.Select(l => $"{l.Key}=\"{l.Value}\""))}}} {Value.ToString(CultureInfo.InvariantCulture)}";
    }
}
