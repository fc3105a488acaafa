using System.Globalization;

namespace SagaHub.Benchmarks.Measure;

/// <summary>
/// Cumulative message counters of a RabbitMQ node (since the node started), from its prometheus plugin. Subtract two
/// snapshots for the traffic in between. The global counters are node-wide: every vhost and every client of the
/// node counts, not only the measured ones.
/// </summary>
/// <param name="Published">Messages received from publishers (<c>rabbitmq_global_messages_received_total</c>).</param>
/// <param name="Confirmed">Publisher confirms sent (<c>rabbitmq_global_messages_confirmed_total</c>).</param>
/// <param name="Routed">Messages routed to at least one queue (<c>rabbitmq_global_messages_routed_total</c>).</param>
/// <param name="Delivered">
/// Messages delivered to consumers, basic.consume and basic.get (<c>rabbitmq_global_messages_delivered_total</c>,
/// which the broker increments together with its delivered_consume_*/delivered_get_* break-down).
/// </param>
/// <param name="Acknowledged">Messages acknowledged by consumers (<c>rabbitmq_global_messages_acknowledged_total</c>).</param>
/// <param name="Redelivered">Messages delivered again (<c>rabbitmq_global_messages_redelivered_total</c>).</param>
internal sealed record BrokerSnapshot(
    long Published,
    long Confirmed,
    long Routed,
    long Delivered,
    long Acknowledged,
    long Redelivered)
{
    public static BrokerSnapshot operator -(BrokerSnapshot later, BrokerSnapshot earlier) => later.Subtract(earlier);

    /// <summary>The counts between <paramref name="earlier"/> and this snapshot.</summary>
    public BrokerSnapshot Subtract(BrokerSnapshot earlier)
    {
        ArgumentNullException.ThrowIfNull(earlier);
        return new BrokerSnapshot(
            Published - earlier.Published,
            Confirmed - earlier.Confirmed,
            Routed - earlier.Routed,
            Delivered - earlier.Delivered,
            Acknowledged - earlier.Acknowledged,
            Redelivered - earlier.Redelivered);
    }
}

/// <summary>
/// Reads <see cref="BrokerSnapshot"/>s from RabbitMQ's prometheus plugin
/// (<c>rabbitmq-plugins enable rabbitmq_prometheus</c>; port 15692, <c>/metrics</c>, no authentication).
/// </summary>
internal static class BrokerCounters
{
    public const string PublishedMetric = "rabbitmq_global_messages_received_total";
    public const string ConfirmedMetric = "rabbitmq_global_messages_confirmed_total";
    public const string RoutedMetric = "rabbitmq_global_messages_routed_total";
    public const string DeliveredMetric = "rabbitmq_global_messages_delivered_total";
    public const string AcknowledgedMetric = "rabbitmq_global_messages_acknowledged_total";
    public const string RedeliveredMetric = "rabbitmq_global_messages_redelivered_total";

    /// <summary>The plugin's endpoint on a local broker.</summary>
    public static Uri DefaultMetricsUri { get; } = new("http://127.0.0.1:15692/metrics");

    public static async Task<BrokerSnapshot> ReadAsync(HttpClient http, Uri metricsUri, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(metricsUri);
        using var response = await http.GetAsync(metricsUri, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"GET {metricsUri} answered {(int)response.StatusCode} {response.ReasonPhrase}; is rabbitmq_prometheus enabled?",
                inner: null,
                response.StatusCode);
        }

        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return Parse(text);
    }

    /// <summary>The snapshot in a prometheus text exposition, each counter summed over its label sets.</summary>
    public static BrokerSnapshot Parse(string metricsText)
    {
        var sums = PrometheusText.SumByName(metricsText);
        return new BrokerSnapshot(
            Published: Counter(sums, PublishedMetric),
            Confirmed: Counter(sums, ConfirmedMetric),
            Routed: Counter(sums, RoutedMetric),
            Delivered: Counter(sums, DeliveredMetric),
            Acknowledged: Counter(sums, AcknowledgedMetric),
            Redelivered: Counter(sums, RedeliveredMetric));
    }

    private static long Counter(IReadOnlyDictionary<string, double> sums, string name) =>
        sums.TryGetValue(name, out var value)
            ? checked((long)value)
            : throw new InvalidOperationException(
                $"The metrics have no '{name}'; is this RabbitMQ >= 3.9 with rabbitmq_prometheus, and the /metrics endpoint?");
}

/// <summary>A minimal reader of the prometheus text exposition format (version 0.0.4).</summary>
internal static class PrometheusText
{
    /// <summary>Every sample's value summed per metric name, over all label sets. Comments and blank lines are skipped.</summary>
    public static IReadOnlyDictionary<string, double> SumByName(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var sums = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in Samples(text))
        {
            sums[name] = sums.GetValueOrDefault(name) + value;
        }

        return sums;
    }

    /// <summary>The (name, value) of every sample line, labels skipped.</summary>
    public static IEnumerable<(string Name, double Value)> Samples(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lineNumber = 0;
        foreach (var rawLine in text.Split('\n'))
        {
            lineNumber++;
            var line = rawLine.Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            yield return ParseSample(line, lineNumber);
        }
    }

    private static (string Name, double Value) ParseSample(string line, int lineNumber)
    {
        var nameEnd = 0;
        while (nameEnd < line.Length && line[nameEnd] != '{' && !char.IsWhiteSpace(line[nameEnd]))
        {
            nameEnd++;
        }

        var name = line[..nameEnd];
        if (name.Length == 0)
        {
            throw Malformed(line, lineNumber, "no metric name");
        }

        var position = nameEnd;
        if (position < line.Length && line[position] == '{')
        {
            position = SkipLabels(line, position, lineNumber);
        }

        // The value, then an optional timestamp.
        var fields = line[position..].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length == 0)
        {
            throw Malformed(line, lineNumber, "no value");
        }

        return (name, ParseValue(fields[0], line, lineNumber));
    }

    /// <summary>Skips <c>{a="x",b="y \"quoted\" }"}</c> and returns the position after the closing brace.</summary>
    private static int SkipLabels(string line, int open, int lineNumber)
    {
        var inQuotes = false;
        for (var i = open + 1; i < line.Length; i++)
        {
            var c = line[i];
            if (inQuotes)
            {
                if (c == '\\')
                {
                    i++; // \" \\ \n
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == '}')
            {
                return i + 1;
            }
        }

        throw Malformed(line, lineNumber, "unterminated label set");
    }

    private static double ParseValue(string text, string line, int lineNumber) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) => value,
        _ => throw Malformed(line, lineNumber, $"value '{text}' is not a number"),
    };

    private static FormatException Malformed(string line, int lineNumber, string problem) =>
        new($"Prometheus text line {lineNumber}: {problem}: '{(line.Length <= 200 ? line : line[..200] + "...")}'.");
}
