using System.Diagnostics;

namespace SagaHub.Benchmarks.Measure;

/// <summary>What one tracked group of processes used between <see cref="ProcessGroupMeter.Start"/> and <see cref="ProcessGroupMeter.Stop"/>.</summary>
/// <param name="Name">The name given to <see cref="ProcessGroupMeter.Track"/>.</param>
/// <param name="CpuSeconds">User + system CPU time of the group's processes within the window.</param>
/// <param name="CpuPercentOfOneCore">CpuSeconds / wall seconds * 100 (200 = two cores busy).</param>
/// <param name="PeakRssBytes">The highest sum of VmRSS over the group's processes seen at one sample.</param>
/// <param name="PeakHwmBytes">
/// The highest sum of VmHWM (each process's own peak RSS since it started, so also before Start) over the group's
/// processes seen at one sample: an upper bound that catches spikes between samples.
/// </param>
/// <param name="WallTime">The time between Start and Stop.</param>
/// <remarks>
/// RSS counts shared pages (PostgreSQL's shared_buffers, shared libraries) once per process that touched them, so a
/// group's sum overstates its real footprint; it is a like-for-like figure between runs, not a PSS.
/// </remarks>
internal sealed record GroupUsage(
    string Name,
    double CpuSeconds,
    double CpuPercentOfOneCore,
    long PeakRssBytes,
    long PeakHwmBytes,
    TimeSpan WallTime);

/// <summary>
/// Measures the CPU time and memory of named groups of processes (e.g. all "postgres" processes, RabbitMQ's
/// beam.smp, one service and its children) over a window, by sampling /proc from a dedicated background thread.
/// </summary>
/// <remarks>
/// <para>
/// CPU: every process seen in a group keeps a baseline (its CPU ticks at Start, or 0 when it started after Start)
/// and its latest reading; the group's CPU is the sum of latest − baseline. A process that exits between two samples
/// loses the CPU it used since its last sample; with <c>includeReapedChildren</c> the group's processes count their
/// reaped children too (cutime + cstime), which for PostgreSQL makes the postmaster account for every backend it
/// reaped, also backends that lived entirely between two samples. A child that vanishes while its parent is in
/// the group (or that vanished in the same interval as a parent that was) is then counted through the parent only,
/// so it is not counted twice.
/// </para>
/// <para>Read (<see cref="Stop"/>) while the tracked processes still run: the CPU of an exited process is lost.</para>
/// </remarks>
internal sealed class ProcessGroupMeter : IDisposable
{
    /// <summary>The default time between two samples.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(250);

    private readonly List<Group> _groups = [];
    private readonly ManualResetEventSlim _stopSignal = new();
    private readonly Stopwatch _wall = new();
    private Thread? _sampler;
    private Exception? _samplerFailure;
    private long _startUptimeTicks;
    private State _state = State.Configuring;

    public ProcessGroupMeter(TimeSpan? interval = null)
    {
        Interval = interval ?? DefaultInterval;
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Interval, TimeSpan.Zero, nameof(interval));
    }

    private enum State
    {
        Configuring,
        Running,
        Stopped,
    }

    public TimeSpan Interval { get; }

    /// <summary>Adds a group; <paramref name="pids"/> is called at every sample (processes may come and go).</summary>
    /// <param name="name">A unique name for the group.</param>
    /// <param name="pids">The group's processes now, e.g. <c>() =&gt; ProcessFinder.ByComm("postgres")</c>.</param>
    /// <param name="includeReapedChildren">Also count the CPU of children the processes have waited for (cutime + cstime).</param>
    public void Track(string name, Func<IReadOnlyList<int>> pids, bool includeReapedChildren = false)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(pids);
        if (_state != State.Configuring)
        {
            throw new InvalidOperationException("Groups are tracked before Start.");
        }

        if (_groups.Exists(g => g.Name == name))
        {
            throw new ArgumentException($"A group named '{name}' is already tracked.", nameof(name));
        }

        _groups.Add(new Group(name, pids, includeReapedChildren));
    }

    /// <summary>Takes the baselines and starts sampling.</summary>
    public void Start()
    {
        if (_state != State.Configuring)
        {
            throw new InvalidOperationException("The meter has already been started.");
        }

        if (_groups.Count == 0)
        {
            throw new InvalidOperationException("Track at least one group before Start.");
        }

        _startUptimeTicks = ProcessStats.UptimeTicks();
        foreach (var group in _groups)
        {
            group.Sample(baseline: true, _startUptimeTicks);
        }

        _wall.Start();
        _state = State.Running;
        _sampler = new Thread(SampleUntilStopped)
        {
            IsBackground = true,
            Name = "ProcessGroupMeter",
            Priority = ThreadPriority.AboveNormal,
        };
        _sampler.Start();
    }

    /// <summary>Stops sampling, takes a last sample and returns the usage per group, in the order they were tracked.</summary>
    public IReadOnlyList<GroupUsage> Stop()
    {
        if (_state != State.Running)
        {
            throw new InvalidOperationException("The meter is not running.");
        }

        _stopSignal.Set();
        _sampler!.Join();
        _state = State.Stopped;
        if (_samplerFailure is not null)
        {
            throw new InvalidOperationException("Sampling the tracked processes failed.", _samplerFailure);
        }

        foreach (var group in _groups)
        {
            group.Sample(baseline: false, _startUptimeTicks);
        }

        _wall.Stop();
        var wall = _wall.Elapsed;
        return _groups.ConvertAll(g => g.Usage(wall));
    }

    public void Dispose()
    {
        if (_state == State.Running)
        {
            _stopSignal.Set();
            _sampler!.Join();
            _state = State.Stopped;
        }

        _stopSignal.Dispose();
    }

    private void SampleUntilStopped()
    {
        try
        {
            while (!_stopSignal.Wait(Interval))
            {
                foreach (var group in _groups)
                {
                    group.Sample(baseline: false, _startUptimeTicks);
                }
            }
        }
#pragma warning disable CA1031 // A failure on the sampler thread is handed to Stop instead of killing the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _samplerFailure = e;
        }
    }

    /// <summary>A process instance: a pid is reused later by another process with another start time.</summary>
    private readonly record struct ProcessKey(int Pid, long StartTimeTicks);

    private sealed class Tracked(long baselineTicks, long lastTicks, int parentPid)
    {
        public long BaselineTicks { get; } = baselineTicks;

        public long LastTicks { get; set; } = lastTicks;

        public int ParentPid { get; set; } = parentPid;
    }

    private sealed class Group(string name, Func<IReadOnlyList<int>> pidSource, bool includeReapedChildren)
    {
        private readonly Dictionary<ProcessKey, Tracked> _processes = [];
        private long _retiredTicks;
        private long _peakRssBytes;
        private long _peakHwmBytes;

        public string Name { get; } = name;

        public void Sample(bool baseline, long startUptimeTicks)
        {
            var seen = new Dictionary<ProcessKey, ProcessSample>();
            foreach (var pid in pidSource())
            {
                if (ProcessStats.TryRead(pid, out var sample))
                {
                    seen[new ProcessKey(pid, sample.Stat.StartTimeTicks)] = sample;
                }
            }

            long rss = 0;
            long hwm = 0;
            foreach (var (key, sample) in seen)
            {
                rss += sample.Memory.RssBytes;
                hwm += sample.Memory.HwmBytes;
                var ticks = Ticks(sample.Stat);
                if (_processes.TryGetValue(key, out var tracked))
                {
                    tracked.LastTicks = ticks;
                    tracked.ParentPid = sample.Stat.ParentPid;
                }
                else
                {
                    // All of a process's CPU counts when it started within the window.
                    var baselineTicks = !baseline && key.StartTimeTicks >= startUptimeTicks ? 0 : ticks;
                    _processes[key] = new Tracked(baselineTicks, ticks, sample.Stat.ParentPid);
                }
            }

            _peakRssBytes = Math.Max(_peakRssBytes, rss);
            _peakHwmBytes = Math.Max(_peakHwmBytes, hwm);
            RetireGone(seen);
        }

        public GroupUsage Usage(TimeSpan wall)
        {
            var ticks = _retiredTicks;
            foreach (var tracked in _processes.Values)
            {
                ticks += tracked.LastTicks - tracked.BaselineTicks;
            }

            var cpuSeconds = ProcessStats.TicksToSeconds(ticks);
            var percent = wall > TimeSpan.Zero ? cpuSeconds / wall.TotalSeconds * 100 : 0;
            return new GroupUsage(Name, cpuSeconds, percent, _peakRssBytes, _peakHwmBytes, wall);
        }

        private long Ticks(ProcStat stat) => includeReapedChildren ? stat.OwnTicks + stat.ReapedChildrenTicks : stat.OwnTicks;

        private void RetireGone(Dictionary<ProcessKey, ProcessSample> seen)
        {
            List<ProcessKey>? gone = null;
            foreach (var key in _processes.Keys)
            {
                if (!seen.ContainsKey(key) && !IsAlive(key))
                {
                    (gone ??= []).Add(key);
                }
            }

            if (gone is null)
            {
                return;
            }

            var livePids = seen.Keys.Select(k => k.Pid).ToHashSet();
            var goneByPid = new Dictionary<int, Tracked>();
            foreach (var key in gone)
            {
                goneByPid[key.Pid] = _processes[key];
                _processes.Remove(key);
            }

            foreach (var tracked in goneByPid.Values)
            {
                // A child reaped by a group member is in that member's cutime/cstime with all of its CPU (including
                // the part before Start): take out its baseline and count it no further.
                _retiredTicks += includeReapedChildren && IsReapedIntoGroup(tracked, livePids, goneByPid)
                    ? -tracked.BaselineTicks
                    : tracked.LastTicks - tracked.BaselineTicks;
            }
        }

        /// <summary>
        /// Whether a vanished process went into a live member's cutime/cstime: its parent is alive in the group, or
        /// vanished in the same interval and went into one itself (a child that exits just before its parent, like
        /// <c>timeout</c>'s command, was reaped by that parent).
        /// </summary>
        private static bool IsReapedIntoGroup(Tracked tracked, HashSet<int> livePids, Dictionary<int, Tracked> goneByPid)
        {
            var visited = new HashSet<int>();
            var parentPid = tracked.ParentPid;
            while (visited.Add(parentPid))
            {
                if (livePids.Contains(parentPid))
                {
                    return true;
                }

                if (!goneByPid.TryGetValue(parentPid, out var parent))
                {
                    return false;
                }

                parentPid = parent.ParentPid;
            }

            return false;
        }

        /// <summary>Still running but no longer listed by the pid source: its last reading stays as it is.</summary>
        private static bool IsAlive(ProcessKey key) =>
            ProcessStats.TryRead(key.Pid, out var sample) && sample.Stat.StartTimeTicks == key.StartTimeTicks;
    }
}
