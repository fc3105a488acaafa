using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;

namespace SagaHub.Benchmarks.Measure;

/// <summary>The fields of <c>/proc/&lt;pid&gt;/stat</c> the meters use. Times are in clock ticks.</summary>
/// <param name="Pid">Field 1.</param>
/// <param name="Comm">Field 2 without its parentheses (may itself contain spaces and parentheses).</param>
/// <param name="State">Field 3 (R, S, D, Z, ...).</param>
/// <param name="ParentPid">Field 4.</param>
/// <param name="UserTicks">Field 14, utime.</param>
/// <param name="SystemTicks">Field 15, stime.</param>
/// <param name="ChildUserTicks">Field 16, cutime: user time of children this process has waited for.</param>
/// <param name="ChildSystemTicks">Field 17, cstime: system time of children this process has waited for.</param>
/// <param name="StartTimeTicks">Field 22, starttime: when the process started, in ticks since boot.</param>
internal readonly record struct ProcStat(
    int Pid,
    string Comm,
    char State,
    int ParentPid,
    long UserTicks,
    long SystemTicks,
    long ChildUserTicks,
    long ChildSystemTicks,
    long StartTimeTicks)
{
    /// <summary>utime + stime.</summary>
    public long OwnTicks => UserTicks + SystemTicks;

    /// <summary>cutime + cstime (reaped children).</summary>
    public long ReapedChildrenTicks => ChildUserTicks + ChildSystemTicks;
}

/// <summary>The memory lines of <c>/proc/&lt;pid&gt;/status</c>, in bytes (0 when absent, e.g. kernel threads).</summary>
/// <param name="RssBytes">VmRSS: resident set size now.</param>
/// <param name="HwmBytes">VmHWM: peak resident set size since the process started.</param>
internal readonly record struct ProcMemory(long RssBytes, long HwmBytes);

/// <summary>One reading of a process: its stat line and its memory.</summary>
internal readonly record struct ProcessSample(ProcStat Stat, ProcMemory Memory);

/// <summary>Reads and parses <c>/proc</c> files of Linux processes.</summary>
internal static class ProcessStats
{
    private const string DefaultProcRoot = "/proc";
    private const long FallbackClockTicksPerSecond = 100;

    /// <summary>The unit of the times in <c>/proc/&lt;pid&gt;/stat</c>: sysconf(_SC_CLK_TCK), 100 when that fails.</summary>
    public static long ClockTicksPerSecond { get; } = QueryClockTicksPerSecond();

    public static double TicksToSeconds(long ticks) => (double)ticks / ClockTicksPerSecond;

    /// <summary>Reads a process's stat and status; false when it has gone (or is not readable).</summary>
    public static bool TryRead(int pid, out ProcessSample sample, string procRoot = DefaultProcRoot)
    {
        try
        {
            var directory = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
            var stat = ParseStat(File.ReadAllText(Path.Combine(directory, "stat")));
            var memory = ParseStatus(File.ReadAllText(Path.Combine(directory, "status")));
            sample = new ProcessSample(stat, memory);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            sample = default;
            return false;
        }
    }

    /// <summary>Reads a process's stat and status; throws when it does not exist.</summary>
    public static ProcessSample Read(int pid, string procRoot = DefaultProcRoot) =>
        TryRead(pid, out var sample, procRoot)
            ? sample
            : throw new InvalidOperationException($"Process {pid} does not exist or its /proc entry is not readable.");

    /// <summary>
    /// Parses one <c>/proc/&lt;pid&gt;/stat</c> line. The comm field is in parentheses and may contain spaces and
    /// parentheses itself, so it ends at the last ')'; the fields after it are split on spaces.
    /// </summary>
    public static ProcStat ParseStat(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var open = line.IndexOf('(', StringComparison.Ordinal);
        var close = line.LastIndexOf(')');
        if (open <= 0 || close < open)
        {
            throw new FormatException($"Not a /proc/<pid>/stat line (no '(comm)'): '{Shorten(line)}'.");
        }

        var pid = int.Parse(line.AsSpan(0, open).Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture);
        var comm = line[(open + 1)..close];
        // rest[0] is field 3 (state), so field n is rest[n - 3].
        var rest = line[(close + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length < 20)
        {
            throw new FormatException($"A /proc/<pid>/stat line with {rest.Length + 2} fields, expected at least 22: '{Shorten(line)}'.");
        }

        return new ProcStat(
            Pid: pid,
            Comm: comm,
            State: rest[0][0],
            ParentPid: ParseField<int>(rest, 4),
            UserTicks: ParseField<long>(rest, 14),
            SystemTicks: ParseField<long>(rest, 15),
            ChildUserTicks: ParseField<long>(rest, 16),
            ChildSystemTicks: ParseField<long>(rest, 17),
            StartTimeTicks: ParseField<long>(rest, 22));
    }

    /// <summary>Parses VmRSS and VmHWM (given in kB) out of a <c>/proc/&lt;pid&gt;/status</c> file.</summary>
    public static ProcMemory ParseStatus(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        long rss = 0;
        long hwm = 0;
        foreach (var line in text.Split('\n'))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = ParseKilobytes(line);
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                hwm = ParseKilobytes(line);
            }
        }

        return new ProcMemory(rss, hwm);
    }

    /// <summary>Parses <c>/proc/uptime</c> ("12345.67 2345.67") into clock ticks since boot.</summary>
    public static long ParseUptimeTicks(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (first.Length == 0 || !double.TryParse(first[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            throw new FormatException($"Not a /proc/uptime text: '{Shorten(text)}'.");
        }

        return (long)(seconds * ClockTicksPerSecond);
    }

    /// <summary>Clock ticks since boot now, the unit of <see cref="ProcStat.StartTimeTicks"/>.</summary>
    public static long UptimeTicks(string procRoot = DefaultProcRoot) =>
        ParseUptimeTicks(File.ReadAllText(Path.Combine(procRoot, "uptime")));

    private static T ParseField<T>(string[] rest, int field)
        where T : IBinaryInteger<T>
    {
        var text = rest[field - 3];
        return T.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"Field {field} of a /proc/<pid>/stat line is not an integer: '{text}'.");
    }

    private static long ParseKilobytes(string line)
    {
        // "VmRSS:\t   12345 kB"
        var parts = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2 || !long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var kilobytes))
        {
            throw new FormatException($"Not a '<name>: <n> kB' status line: '{line}'.");
        }

        return kilobytes * 1024;
    }

    private static string Shorten(string text) => text.Length <= 200 ? text : text[..200] + "...";

    private static long QueryClockTicksPerSecond()
    {
        try
        {
            var ticks = (long)NativeMethods.sysconf(NativeMethods.ScClkTck);
            return ticks > 0 ? ticks : FallbackClockTicksPerSecond;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return FallbackClockTicksPerSecond;
        }
    }

    private static class NativeMethods
    {
        /// <summary>_SC_CLK_TCK in glibc's and musl's unistd.h.</summary>
        public const int ScClkTck = 2;

#pragma warning disable SYSLIB1054 // LibraryImport would need AllowUnsafeBlocks in the project; one blittable call does not need it.
        [DllImport("libc", ExactSpelling = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        public static extern nint sysconf(int name);
#pragma warning restore SYSLIB1054
    }
}

/// <summary>Lists processes by reading <c>/proc</c>.</summary>
internal static class ProcessFinder
{
    private const string DefaultProcRoot = "/proc";

    /// <summary>
    /// Pids whose <c>/proc/&lt;pid&gt;/comm</c> equals <paramref name="comm"/> (ordinal; the kernel truncates comm to
    /// 15 characters), e.g. "postgres" (postmaster and every backend) or "beam.smp" (RabbitMQ's Erlang VM).
    /// </summary>
    public static IReadOnlyList<int> ByComm(string comm, string procRoot = DefaultProcRoot)
    {
        ArgumentException.ThrowIfNullOrEmpty(comm);
        var pids = new List<int>();
        foreach (var pid in AllPids(procRoot))
        {
            if (TryReadFile(procRoot, pid, "comm", out var text) && text.TrimEnd('\n') == comm)
            {
                pids.Add(pid);
            }
        }

        return pids;
    }

    /// <summary>Children, grandchildren, ... of <paramref name="pid"/> (not the pid itself), from the parent pids in /proc.</summary>
    public static IReadOnlyList<int> Descendants(int pid, string procRoot = DefaultProcRoot)
    {
        var childrenByParent = new Dictionary<int, List<int>>();
        foreach (var candidate in AllPids(procRoot))
        {
            if (!TryReadFile(procRoot, candidate, "stat", out var line))
            {
                continue;
            }

            ProcStat stat;
            try
            {
                stat = ProcessStats.ParseStat(line);
            }
            catch (FormatException)
            {
                continue;
            }

            if (!childrenByParent.TryGetValue(stat.ParentPid, out var children))
            {
                children = [];
                childrenByParent[stat.ParentPid] = children;
            }

            children.Add(candidate);
        }

        var result = new List<int>();
        var pending = new Queue<int>();
        pending.Enqueue(pid);
        while (pending.TryDequeue(out var parent))
        {
            if (!childrenByParent.TryGetValue(parent, out var children))
            {
                continue;
            }

            foreach (var child in children)
            {
                result.Add(child);
                pending.Enqueue(child);
            }
        }

        return result;
    }

    /// <summary>The pid itself followed by its descendants.</summary>
    public static IReadOnlyList<int> WithDescendants(int pid, string procRoot = DefaultProcRoot) =>
        [pid, .. Descendants(pid, procRoot)];

    private static IEnumerable<int> AllPids(string procRoot)
    {
        foreach (var directory in Directory.EnumerateDirectories(procRoot))
        {
            if (int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                yield return pid;
            }
        }
    }

    private static bool TryReadFile(string procRoot, int pid, string file, out string text)
    {
        try
        {
            text = File.ReadAllText(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture), file));
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            text = string.Empty;
            return false;
        }
    }
}
