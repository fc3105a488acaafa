using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace SagaHub.Benchmarks.Limits;

/// <summary>What pgbench measured.</summary>
/// <param name="Tps">Transactions per second, without the initial connection time.</param>
/// <param name="LatencyAverageMs">pgbench's "latency average", in milliseconds.</param>
/// <param name="Clients">Concurrent client connections (-c).</param>
/// <param name="Duration">The run's length (-T).</param>
internal sealed record PgBenchResult(double Tps, double LatencyAverageMs, int Clients, TimeSpan Duration);

/// <summary>
/// The database's limit on this machine: pgbench running single-row UPDATEs (one committed transaction each) on
/// pgbench_accounts (scale 1, 100,000 rows) with a number of concurrent clients.
/// </summary>
internal static partial class PgBenchLimit
{
    public const int DefaultClients = 8;
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(10);

    /// <summary>The custom script: one random account's balance updated per transaction.</summary>
    public const string Script =
        "\\set aid random(1, 100000)\n" +
        "UPDATE pgbench_accounts SET abalance = abalance + 1 WHERE aid = :aid;\n";

    private const int MaxThreads = 2;
    private const string PgBench = "pgbench";

    /// <summary>
    /// Initialises pgbench's tables in the connection string's database (<c>pgbench -i -s 1 -q</c>, which drops
    /// and recreates them) and runs the script with <paramref name="clients"/> clients for <paramref name="duration"/>.
    /// The password goes to pgbench through PGPASSWORD, never on its command line.
    /// </summary>
    /// <param name="connectionString">An Npgsql connection string; Host, Port, Database, Username and Password are used.</param>
    /// <param name="clients">Concurrent clients (-c); 8 when null.</param>
    /// <param name="duration">The run's length (-T, whole seconds, at least 1); 10 s when null.</param>
    /// <param name="cancellationToken">Kills pgbench.</param>
    public static async Task<PgBenchResult> RunAsync(
        string connectionString,
        int? clients = null,
        TimeSpan? duration = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(connectionString);
        var clientCount = clients ?? DefaultClients;
        ArgumentOutOfRangeException.ThrowIfLessThan(clientCount, 1, nameof(clients));
        var seconds = (int)Math.Round((duration ?? DefaultDuration).TotalSeconds);
        ArgumentOutOfRangeException.ThrowIfLessThan(seconds, 1, nameof(duration));

        var target = new PgBenchTarget(new NpgsqlConnectionStringBuilder(connectionString));
        var executable = FindPgBench();
        await RunToEndAsync(executable, target, ["-i", "-s", "1", "-q"], cancellationToken);

        var scriptPath = Path.Combine(Path.GetTempPath(), $"sagahub-pgbench-{Guid.NewGuid():N}.sql");
        await File.WriteAllTextAsync(scriptPath, Script, cancellationToken);
        try
        {
            string[] arguments =
            [
                "-n",
                "-c", clientCount.ToString(CultureInfo.InvariantCulture),
                "-j", Math.Min(MaxThreads, clientCount).ToString(CultureInfo.InvariantCulture),
                "-T", seconds.ToString(CultureInfo.InvariantCulture),
                "-f", scriptPath,
            ];
            var output = await RunToEndAsync(executable, target, arguments, cancellationToken);
            var (tps, latency) = ParseOutput(output);
            return new PgBenchResult(tps, latency, clientCount, TimeSpan.FromSeconds(seconds));
        }
        finally
        {
            File.Delete(scriptPath);
        }
    }

    /// <summary>pgbench on PATH, else the newest /usr/lib/postgresql/&lt;version&gt;/bin/pgbench.</summary>
    public static string FindPgBench()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        foreach (var directory in path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(directory, PgBench);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        const string postgresLib = "/usr/lib/postgresql";
        if (Directory.Exists(postgresLib))
        {
            var newest = Directory.EnumerateDirectories(postgresLib)
                .Select(d => (Directory: d, Version: double.TryParse(Path.GetFileName(d), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : -1))
                .OrderByDescending(d => d.Version)
                .Select(d => Path.Combine(d.Directory, "bin", PgBench))
                .FirstOrDefault(File.Exists);
            if (newest is not null)
            {
                return newest;
            }
        }

        throw new FileNotFoundException(
            "pgbench is neither on PATH nor in /usr/lib/postgresql/*/bin (Debian: apt-get install postgresql-contrib or postgresql-<version>).",
            PgBench);
    }

    /// <summary>Reads "tps = ... (without initial connection time)" and "latency average = ... ms" from pgbench's output.</summary>
    public static (double Tps, double LatencyAverageMs) ParseOutput(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var tps = TpsLine().Match(output);
        var latency = LatencyLine().Match(output);
        if (!tps.Success || !latency.Success)
        {
            throw new FormatException(
                $"pgbench's output has no {(tps.Success ? "'latency average = ... ms'" : "'tps = ... (without initial connection time)'")} line:\n{output}");
        }

        return (
            double.Parse(tps.Groups["value"].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture),
            double.Parse(latency.Groups["value"].ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture));
    }

    private static async Task<string> RunToEndAsync(
        string executable,
        PgBenchTarget target,
        IEnumerable<string> arguments,
        CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in target.ConnectionArguments().Concat(arguments))
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.ArgumentList.Add(target.Database);
        startInfo.Environment["PGPASSWORD"] = target.Password;
        startInfo.Environment["PGCONNECT_TIMEOUT"] = "10";
        startInfo.Environment["PGSSLMODE"] = target.SslMode;

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {executable}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var output = await stdout;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"pgbench {string.Join(' ', startInfo.ArgumentList)} exited with {process.ExitCode}:\n{errors.Trim()}");
        }

        return output;
    }

    [GeneratedRegex(@"^tps = (?<value>[0-9]+(?:\.[0-9]+)?) \(without initial connection time\)", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex TpsLine();

    [GeneratedRegex(@"^latency average = (?<value>[0-9]+(?:\.[0-9]+)?) ms", RegexOptions.Multiline | RegexOptions.CultureInvariant)]
    private static partial Regex LatencyLine();

    /// <summary>Where pgbench connects; the password stays out of the arguments.</summary>
    private sealed class PgBenchTarget(NpgsqlConnectionStringBuilder builder)
    {
        public string Database { get; } = builder.Database
            ?? throw new ArgumentException("The connection string names no Database.", nameof(builder));

        public string Password { get; } = builder.Password ?? string.Empty;

        /// <summary>libpq's PGSSLMODE for the connection string's SSL Mode, so pgbench connects as the benchmark's processes do.</summary>
        public string SslMode { get; } = builder.SslMode switch
        {
            Npgsql.SslMode.Disable => "disable",
            Npgsql.SslMode.Allow => "allow",
            Npgsql.SslMode.Require => "require",
            Npgsql.SslMode.VerifyCA => "verify-ca",
            Npgsql.SslMode.VerifyFull => "verify-full",
            _ => "prefer",
        };

        public IEnumerable<string> ConnectionArguments()
        {
            if (!string.IsNullOrEmpty(builder.Host))
            {
                yield return "-h";
                yield return builder.Host;
            }

            yield return "-p";
            yield return builder.Port.ToString(CultureInfo.InvariantCulture);
            if (!string.IsNullOrEmpty(builder.Username))
            {
                yield return "-U";
                yield return builder.Username;
            }
        }
    }
}
