using System.Diagnostics;
using SagaHub.Benchmarks.Measure;

namespace SagaHub.Benchmarks.Tests.Measure;

[Collection(ProcessMeasurementCollection.Name)]
public sealed class ProcessStatsTests
{
    // A real line of a process whose comm is "a) b (c", utime 4321, stime 123, cutime 77, cstime 8, starttime 15464.
    private const string StatWithAwkwardComm =
        "2480 (a) b (c) S 2471 2461 2461 0 -1 4194304 32194 193 1 0 4321 123 77 8 20 0 20 0 15464 2288443392 33530 "
        + "18446744073709551615 94788110942208 94788113605833 140726689496848 0 0 0 0 725127 16896 0 0 0 17 1 0 0 0 0 0\n";

    [Fact]
    public void ParseStat_CommWithSpacesAndParentheses_ReadsFieldsAfterLastParenthesis()
    {
        var stat = ProcessStats.ParseStat(StatWithAwkwardComm);

        Assert.Equal(2480, stat.Pid);
        Assert.Equal("a) b (c", stat.Comm);
        Assert.Equal('S', stat.State);
        Assert.Equal(2471, stat.ParentPid);
        Assert.Equal(4321, stat.UserTicks);
        Assert.Equal(123, stat.SystemTicks);
        Assert.Equal(77, stat.ChildUserTicks);
        Assert.Equal(8, stat.ChildSystemTicks);
        Assert.Equal(15464, stat.StartTimeTicks);
        Assert.Equal(4444, stat.OwnTicks);
        Assert.Equal(85, stat.ReapedChildrenTicks);
    }

    [Fact]
    public void ParseStat_CommThatLooksLikeFields_IsNotSplit()
    {
        var stat = ProcessStats.ParseStat(StatWithAwkwardComm.Replace("(a) b (c)", "(x) R 1 2 3 (y)", StringComparison.Ordinal));

        Assert.Equal("x) R 1 2 3 (y", stat.Comm);
        Assert.Equal(2471, stat.ParentPid);
        Assert.Equal(4321, stat.UserTicks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("2480 beam.smp S 2471")]
    [InlineData("2480 (beam.smp) S 2471 2461")]
    public void ParseStat_MalformedLine_ThrowsFormatException(string line) =>
        Assert.Throws<FormatException>(() => ProcessStats.ParseStat(line));

    [Fact]
    public void ParseStatus_UserProcess_ReturnsRssAndHwmInBytes()
    {
        const string status = "Name:\tbeam.smp\nUmask:\t0022\nState:\tS (sleeping)\nVmPeak:\t 2234808 kB\n"
            + "VmSize:\t 2234808 kB\nVmHWM:\t  140112 kB\nVmRSS:\t  134120 kB\nRssAnon:\t   96516 kB\nThreads:\t20\n";

        var memory = ProcessStats.ParseStatus(status);

        Assert.Equal(134120L * 1024, memory.RssBytes);
        Assert.Equal(140112L * 1024, memory.HwmBytes);
    }

    [Fact]
    public void ParseStatus_KernelThreadWithoutVmLines_ReturnsZero()
    {
        var memory = ProcessStats.ParseStatus("Name:\tkthreadd\nState:\tS (sleeping)\nThreads:\t1\n");

        Assert.Equal(new ProcMemory(0, 0), memory);
    }

    [Fact]
    public void ParseUptimeTicks_UptimeText_ConvertsSecondsToTicks()
    {
        Assert.Equal((long)(507.63 * ProcessStats.ClockTicksPerSecond), ProcessStats.ParseUptimeTicks("507.63 555.92\n"));
    }

    [Fact]
    public void ClockTicksPerSecond_OnLinux_IsPositive()
    {
        Assert.True(ProcessStats.ClockTicksPerSecond > 0);
    }

    [Fact]
    public void Read_OwnProcessAfterBusyLoop_CpuAndRssGrow()
    {
        var before = ProcessStats.Read(Environment.ProcessId);

        Spin(TimeSpan.FromMilliseconds(400));
        var after = ProcessStats.Read(Environment.ProcessId);

        Assert.Equal(Environment.ProcessId, after.Stat.Pid);
        Assert.Equal(before.Stat.StartTimeTicks, after.Stat.StartTimeTicks);
        Assert.True(after.Stat.OwnTicks > before.Stat.OwnTicks, $"CPU ticks {before.Stat.OwnTicks} -> {after.Stat.OwnTicks}");
        Assert.True(after.Memory.RssBytes > 10 * 1024 * 1024, $"RSS {after.Memory.RssBytes}");
        Assert.True(after.Memory.HwmBytes >= after.Memory.RssBytes);
    }

    [Fact]
    public void TryRead_ProcessThatDoesNotExist_ReturnsFalse()
    {
        Assert.False(ProcessStats.TryRead(int.MaxValue, out _));
    }

    [Fact]
    public void ByComm_OwnComm_ContainsOwnPid()
    {
        var comm = File.ReadAllText($"/proc/{Environment.ProcessId}/comm").TrimEnd('\n');

        Assert.Contains(Environment.ProcessId, ProcessFinder.ByComm(comm));
    }

    [Fact]
    public void Descendants_WithRunningChild_ContainsChildNotSelf()
    {
        using var child = Process.Start(new ProcessStartInfo("sleep", "5") { UseShellExecute = false })!;
        try
        {
            var descendants = ProcessFinder.Descendants(Environment.ProcessId);

            Assert.Contains(child.Id, descendants);
            Assert.DoesNotContain(Environment.ProcessId, descendants);
            Assert.Equal(Environment.ProcessId, ProcessFinder.WithDescendants(Environment.ProcessId)[0]);
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    internal static void Spin(TimeSpan duration)
    {
        var stopwatch = Stopwatch.StartNew();
        var x = 0UL;
        while (stopwatch.Elapsed < duration)
        {
            x = unchecked((x * 6364136223846793005UL) + 1442695040888963407UL);
        }

        GC.KeepAlive(x);
    }
}
