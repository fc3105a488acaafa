using System.Globalization;

namespace SagaHub.Faults;

/// <summary>The runner's command line.</summary>
internal sealed record FaultOptions
{
    public const string Usage = """
        usage: scripts/faults.sh [--smoke] [--orders N] [--refunds N] [--rate N] [--scenarios a,b,...] [--drain-timeout S] [--list]
          --smoke            the reduced mode CI runs: 60 orders at 10/s and 15 refunds per scenario, every scenario
          --orders N         orders per scenario (default 500)
          --refunds N        refunds per scenario, asked for once their orders completed (default 100; at most 2/7 of the orders)
          --rate N           orders submitted per second (default 25)
          --scenarios list   comma-separated scenario names (default: all; --list prints them)
          --drain-timeout S  how long a scenario may take to bring every saga to an end after the load (default 240)
        """;

    public int Orders { get; init; } = 500;

    public int Refunds { get; init; } = 100;

    public int Rate { get; init; } = 25;

    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(240);

    public IReadOnlyList<string>? Scenarios { get; init; }

    public bool Smoke { get; init; }

    public bool List { get; init; }

    public static FaultOptions Parse(IReadOnlyList<string> args)
    {
        var options = new FaultOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            int Positive() => int.TryParse(Value(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"{args[i - 1]} needs a whole number above 0 (was '{args[i]}').");
            options = args[i] switch
            {
                "--smoke" => options with { Smoke = true, Orders = 60, Refunds = 15, Rate = 10 },
                "--orders" => options with { Orders = Positive() },
                "--refunds" => options with { Refunds = Positive() },
                "--rate" => options with { Rate = Positive() },
                "--drain-timeout" => options with { DrainTimeout = TimeSpan.FromSeconds(Positive()) },
                "--scenarios" => options with { Scenarios = Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--list" => options with { List = true },
                "--help" or "-h" => throw new ArgumentException(string.Empty),
                _ => throw new ArgumentException($"Unknown argument '{args[i]}'."),
            };
        }

        if (options.Refunds * 7 > options.Orders * 2)
        {
            throw new ArgumentException($"--refunds {options.Refunds} is more than 2/7 of --orders {options.Orders}: only that many orders are planned to complete with a refund.");
        }

        return options;
    }
}
