using System.Diagnostics;
using SagaHub.Benchmarks.Measure;

namespace SagaHub.Benchmarks.Tests.Measure;

[Collection(ProcessMeasurementCollection.Name)]
public sealed class ProcessGroupMeterTests
{
    private static readonly TimeSpan FastInterval = TimeSpan.FromMilliseconds(50);

    [Fact]
    public void Stop_OwnProcessAfterBusyLoop_ReportsCpuAndPeakRss()
    {
        using var meter = new ProcessGroupMeter(FastInterval);
        meter.Track("self", () => [Environment.ProcessId]);

        meter.Start();
        ProcessStatsTests.Spin(TimeSpan.FromMilliseconds(500));
        var usage = Assert.Single(meter.Stop());

        Assert.Equal("self", usage.Name);
        Assert.True(usage.CpuSeconds > 0.1, $"CPU {usage.CpuSeconds} s");
        Assert.True(usage.CpuPercentOfOneCore > 10, $"CPU {usage.CpuPercentOfOneCore} %");
        Assert.True(usage.WallTime >= TimeSpan.FromMilliseconds(500));
        Assert.True(usage.PeakRssBytes > 10 * 1024 * 1024, $"RSS {usage.PeakRssBytes}");
        Assert.True(usage.PeakHwmBytes >= usage.PeakRssBytes);
    }

    [Fact]
    public void Stop_ProcessStartedAfterStart_CountsAllOfItsCpu()
    {
        var childPid = 0;
        using var meter = new ProcessGroupMeter(FastInterval);
        meter.Track("child", () => childPid == 0 ? [] : [childPid]);
        meter.Start();

        using var child = StartShell("i=0; while [ $i -lt 150000 ]; do i=$((i+1)); done; exec sleep 30");
        childPid = child.Id;
        try
        {
            WaitUntilSleeping(child.Id);
            var usage = Assert.Single(meter.Stop());
            var childTicks = ProcessStats.Read(child.Id).Stat.OwnTicks;

            Assert.True(childTicks > 0, "the child used no CPU");
            Assert.Equal(ProcessStats.TicksToSeconds(childTicks), usage.CpuSeconds, 3);
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }

    [Fact]
    public void Stop_ChildReapedWithinWindow_CountsItsCpuOnce()
    {
        var self = Environment.ProcessId;
        var before = ProcessStats.Read(self).Stat;
        using var meter = new ProcessGroupMeter(FastInterval);
        meter.Track("tree", () => ProcessFinder.WithDescendants(self), includeReapedChildren: true);
        meter.Start();

        // timeout and its sh live across several samples, then sh is reaped by timeout and timeout by this process.
        using (var child = Process.Start(new ProcessStartInfo("timeout", ["1", "sh", "-c", "while :; do :; done"]) { UseShellExecute = false })!)
        {
            child.WaitForExit();
        }

        Thread.Sleep(150);
        var usage = Assert.Single(meter.Stop());
        var after = ProcessStats.Read(self).Stat;

        var reapedSeconds = ProcessStats.TicksToSeconds(after.ReapedChildrenTicks - before.ReapedChildrenTicks);
        var expectedSeconds = ProcessStats.TicksToSeconds(after.OwnTicks + after.ReapedChildrenTicks - before.OwnTicks - before.ReapedChildrenTicks);
        Assert.True(reapedSeconds > 0.1, $"the child used {reapedSeconds} s of CPU");
        Assert.InRange(usage.CpuSeconds, expectedSeconds - 0.15, expectedSeconds + 0.05);
    }

    [Fact]
    public void Track_AfterStart_Throws()
    {
        using var meter = new ProcessGroupMeter();
        meter.Track("self", () => [Environment.ProcessId]);
        meter.Start();

        Assert.Throws<InvalidOperationException>(() => meter.Track("other", () => []));
    }

    [Fact]
    public void Track_SameNameTwice_Throws()
    {
        using var meter = new ProcessGroupMeter();
        meter.Track("self", () => [Environment.ProcessId]);

        Assert.Throws<ArgumentException>(() => meter.Track("self", () => []));
    }

    [Fact]
    public void Start_WithoutGroups_Throws()
    {
        using var meter = new ProcessGroupMeter();

        Assert.Throws<InvalidOperationException>(meter.Start);
    }

    [Fact]
    public void Stop_PidSourceThrows_ThrowsWithTheCause()
    {
        var calls = 0;
        using var meter = new ProcessGroupMeter(FastInterval);
        meter.Track("flaky", () => ++calls > 1 ? throw new IOException("gone") : [Environment.ProcessId]);
        meter.Start();
        Thread.Sleep(200);

        var error = Assert.Throws<InvalidOperationException>(() => meter.Stop());
        Assert.IsType<IOException>(error.InnerException);
    }

    private static Process StartShell(string script) =>
        Process.Start(new ProcessStartInfo("sh", ["-c", script]) { UseShellExecute = false })!;

    private static void WaitUntilSleeping(int pid)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(20))
        {
            var sample = ProcessStats.Read(pid);
            if (sample.Stat.State == 'S' && sample.Stat.Comm == "sleep")
            {
                return;
            }

            Thread.Sleep(20);
        }

        throw new TimeoutException($"Process {pid} did not finish its busy loop.");
    }
}
