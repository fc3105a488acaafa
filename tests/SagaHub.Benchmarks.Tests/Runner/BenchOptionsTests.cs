namespace SagaHub.Benchmarks.Tests.Runner;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Parse_NoArguments_ReturnsFullRunDefaults()
    {
        var options = BenchOptions.Parse([]);

        Assert.False(options.Smoke);
        Assert.Equal(5000, options.Orders);
        Assert.Equal(500, options.Warmup);
        Assert.Equal(64, options.Window);
        Assert.Equal(TimeSpan.FromSeconds(300), options.Timeout);
        Assert.Equal(new[] { "limits", "sagahub-durable", "sagahub-memory", "masstransit", "handrolled", "prefilled", "timers" }, options.Variants);
        Assert.Equal(new[] { 2, 4 }, options.ScaleHosts);
        Assert.Equal(32, options.Prefetch);
        Assert.Equal(1_000_000, options.PrefillFinished);
        Assert.Equal(100_000, options.PendingTimers);
        Assert.Equal(10_000, options.DueTimers);
        Assert.Null(options.Out);
    }

    [Fact]
    public void Parse_Smoke_ReturnsSmokeSizes()
    {
        var options = BenchOptions.Parse(["--smoke"]);

        Assert.True(options.Smoke);
        Assert.Equal(300, options.Orders);
        Assert.Equal(50, options.Warmup);
        Assert.Equal(64, options.Window);
        Assert.Equal(TimeSpan.FromSeconds(60), options.Timeout);
        Assert.Equal(BenchOptions.AllVariants, options.Variants);
        Assert.Empty(options.ScaleHosts);
        Assert.Equal(32, options.Prefetch);
        Assert.Equal(20_000, options.PrefillFinished);
        Assert.Equal(5_000, options.PendingTimers);
        Assert.Equal(1_000, options.DueTimers);
    }

    [Fact]
    public void Parse_OptionBeforeSmoke_OptionWins()
    {
        var options = BenchOptions.Parse(["--orders", "7", "--timers", "40/4", "--smoke"]);

        Assert.True(options.Smoke);
        Assert.Equal(7, options.Orders);
        Assert.Equal(40, options.PendingTimers);
        Assert.Equal(4, options.DueTimers);
        Assert.Equal(50, options.Warmup);
    }

    [Fact]
    public void Parse_Orders_SetsOrders() => Assert.Equal(12, BenchOptions.Parse(["--orders", "12"]).Orders);

    [Fact]
    public void Parse_WarmupZero_SetsNoWarmup() => Assert.Equal(0, BenchOptions.Parse(["--warmup", "0"]).Warmup);

    [Fact]
    public void Parse_Window_SetsWindow() => Assert.Equal(3, BenchOptions.Parse(["--window", "3"]).Window);

    [Fact]
    public void Parse_Timeout_SetsSeconds() => Assert.Equal(TimeSpan.FromSeconds(45), BenchOptions.Parse(["--timeout", "45"]).Timeout);

    [Fact]
    public void Parse_Variants_SetsTrimmedListInGivenOrder() =>
        Assert.Equal(new[] { "handrolled", "sagahub-durable" }, BenchOptions.Parse(["--variants", " handrolled, sagahub-durable ,"]).Variants);

    [Fact]
    public void Parse_Hosts_SetsScaleRunsWithoutTheOneHostRun() =>
        Assert.Equal(new[] { 3, 2 }, BenchOptions.Parse(["--hosts", "1,3, 2"]).ScaleHosts);

    [Theory]
    [InlineData("none")]
    [InlineData("")]
    [InlineData("1")]
    public void Parse_HostsNone_SetsNoScaleRuns(string hosts) => Assert.Empty(BenchOptions.Parse(["--hosts", hosts]).ScaleHosts);

    [Fact]
    public void Parse_Prefetch_SetsPrefetch() => Assert.Equal(8, BenchOptions.Parse(["--prefetch", "8"]).Prefetch);

    [Fact]
    public void Parse_Prefill_SetsFinishedRows() => Assert.Equal(99, BenchOptions.Parse(["--prefill", "99"]).PrefillFinished);

    [Theory]
    [InlineData("50/5", 50, 5)]
    [InlineData("7/7", 7, 7)]
    public void Parse_Timers_SetsPendingAndDue(string text, int pending, int due)
    {
        var options = BenchOptions.Parse(["--timers", text]);

        Assert.Equal(pending, options.PendingTimers);
        Assert.Equal(due, options.DueTimers);
    }

    [Fact]
    public void Parse_Out_SetsFile() => Assert.Equal("/tmp/report.md", BenchOptions.Parse(["--out", "/tmp/report.md"]).Out);

    [Theory]
    [InlineData("--orders", "0", "0")]
    [InlineData("--orders", "-5", "-5")]
    [InlineData("--orders", "many", "many")]
    [InlineData("--orders", "1.5", "1.5")]
    [InlineData("--warmup", "-1", "-1")]
    [InlineData("--window", "0", "0")]
    [InlineData("--timeout", "0", "0")]
    [InlineData("--timeout", "-10", "-10")]
    [InlineData("--prefetch", "0", "0")]
    [InlineData("--prefill", "0", "0")]
    [InlineData("--hosts", "0", "0")]
    [InlineData("--hosts", "2,-4", "-4")]
    [InlineData("--hosts", "2,x", "x")]
    [InlineData("--timers", "0/0", "0")]
    [InlineData("--timers", "10/0", "0")]
    [InlineData("--timers", "10/-1", "-1")]
    public void Parse_NonPositiveOrNotANumber_ThrowsNamingOptionAndValue(string option, string value, string bad)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse([option, value]));

        Assert.Contains(option, error.Message, StringComparison.Ordinal);
        Assert.Contains($"(was '{bad}')", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("100")]
    [InlineData("100/")]
    [InlineData("/100")]
    [InlineData("a/b")]
    [InlineData("10/5/1")]
    [InlineData("10-5")]
    public void Parse_TimersNotPendingSlashDue_ThrowsNamingOption(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--timers", value]));

        Assert.Contains("--timers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TimersDueAbovePending_ThrowsNamingBoth()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--timers", "10/11"]));

        Assert.Contains("--timers", error.Message, StringComparison.Ordinal);
        Assert.Contains("DUE (11)", error.Message, StringComparison.Ordinal);
        Assert.Contains("PENDING (10)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownOption_ThrowsNamingIt()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--orders", "5", "--fast"]));

        Assert.Contains("'--fast'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownVariant_ThrowsNamingOptionAndVariant()
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--variants", "handrolled,nservicebus"]));

        Assert.Contains("--variants", error.Message, StringComparison.Ordinal);
        Assert.Contains("nservicebus", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("'handrolled", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    public void Parse_NoVariant_ThrowsNamingOption(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--variants", value]));

        Assert.Contains("--variants", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--orders")]
    [InlineData("--timers")]
    [InlineData("--out")]
    public void Parse_OptionWithoutValue_ThrowsNamingOption(string option)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse(["--smoke", option]));

        Assert.Contains($"{option} needs a value", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Parse_Help_ThrowsWithEmptyMessage(string option)
    {
        var error = Assert.Throws<ArgumentException>(() => BenchOptions.Parse([option]));

        Assert.Equal(string.Empty, error.Message);
    }
}
