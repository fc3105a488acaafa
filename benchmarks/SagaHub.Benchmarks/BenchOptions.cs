using System.Globalization;

namespace SagaHub.Benchmarks;

/// <summary>The command line of <c>scripts/bench.sh</c> (and of this program).</summary>
internal sealed record BenchOptions
{
    public const string Usage = """
        usage: scripts/bench.sh [--smoke] [--orders N] [--warmup N] [--window N] [--timeout SECONDS]
                                [--variants LIST] [--hosts LIST] [--prefill N] [--timers PENDING/DUE] [--prefetch N] [--out FILE]

          --smoke            ~30 s: a few hundred orders per variant, short limits; checks only that every saga completed
          --orders N         measured orders per variant (default 5000; smoke 300)
          --warmup N         orders run first and not measured (default 500; smoke 50)
          --window N         orders in flight at once (default 64)
          --timeout SECONDS  longest a variant's measured phase may take (default 300; smoke 60)
          --variants LIST    comma-separated, default all: limits,sagahub-durable,sagahub-memory,masstransit,handrolled,prefilled,timers
          --hosts LIST       saga-host processes for the durable scale runs (default 2,4; none in smoke); 1 is the main run
          --prefill N        finished orders (with history and inbox rows) in the database of the 'prefilled' run (default 1000000; smoke 20000)
          --timers P/D       the 'timers' run: P pending timeouts, D of them due at once (default 100000/10000; smoke 5000/1000)
          --prefetch N       RabbitMQ prefetch of every endpoint in every process (default 32)
          --out FILE         also write the report (markdown) there (default artifacts/bench/report.md)
        """;

    public static readonly string[] AllVariants = ["limits", "sagahub-durable", "sagahub-memory", "masstransit", "handrolled", "prefilled", "timers"];

    public bool Smoke { get; init; }

    public int Orders { get; init; } = 5000;

    public int Warmup { get; init; } = 500;

    public int Window { get; init; } = 64;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(300);

    public IReadOnlyList<string> Variants { get; init; } = AllVariants;

    public IReadOnlyList<int> ScaleHosts { get; init; } = [2, 4];

    public int Prefetch { get; init; } = 32;

    public int PrefillFinished { get; init; } = 1_000_000;

    public int PendingTimers { get; init; } = 100_000;

    public int DueTimers { get; init; } = 10_000;

    public string? Out { get; init; }

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> naming the bad one.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var smoke = args.Contains("--smoke");
        var options = smoke
            ? new BenchOptions { Smoke = true, Orders = 300, Warmup = 50, Timeout = TimeSpan.FromSeconds(60), ScaleHosts = [], PrefillFinished = 20_000, PendingTimers = 5_000, DueTimers = 1_000 }
            : new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{name} needs a value.");
            options = name switch
            {
                "--smoke" => options,
                "--orders" => options with { Orders = Positive(name, Value()) },
                "--warmup" => options with { Warmup = NonNegative(name, Value()) },
                "--window" => options with { Window = Positive(name, Value()) },
                "--timeout" => options with { Timeout = TimeSpan.FromSeconds(Positive(name, Value())) },
                "--variants" => options with { Variants = VariantList(Value()) },
                "--hosts" => options with { ScaleHosts = HostList(Value()) },
                "--prefetch" => options with { Prefetch = Positive(name, Value()) },
                "--prefill" => options with { PrefillFinished = Positive(name, Value()) },
                "--timers" => Timers(options, name, Value()),
                "--out" => options with { Out = Value() },
                "--help" or "-h" => throw new ArgumentException(string.Empty),
                _ => throw new ArgumentException($"Unknown argument '{name}'."),
            };
        }

        return options;
    }

    private static BenchOptions Timers(BenchOptions options, string name, string text)
    {
        var parts = text.Split('/');
        var pending = parts.Length == 2 ? Positive(name, parts[0]) : throw new ArgumentException($"{name} takes PENDING/DUE, e.g. 100000/10000 (was '{text}').");
        var due = Positive(name, parts[1]);
        return due <= pending
            ? options with { PendingTimers = pending, DueTimers = due }
            : throw new ArgumentException($"{name}: DUE ({due}) cannot exceed PENDING ({pending}).");
    }

    private static int Positive(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer (was '{text}').");

    private static int NonNegative(string name, string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0
            ? n
            : throw new ArgumentException($"{name} must be 0 or a positive integer (was '{text}').");

    private static string[] VariantList(string text)
    {
        var list = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = list.Where(v => !AllVariants.Contains(v)).ToList();
        return unknown.Count == 0 && list.Length > 0
            ? list
            : throw new ArgumentException($"--variants: unknown '{string.Join(", ", unknown)}'; choose from {string.Join(", ", AllVariants)}.");
    }

    private static int[] HostList(string text) =>
        text is "none" or ""
            ? []
            : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(t => Positive("--hosts", t)).Where(n => n > 1)];
}
