using SagaHub.Benchmarks.Limits;
using SagaHub.Benchmarks.Measure;

namespace SagaHub.Benchmarks.Tests.Measure;

public sealed class PgBenchLimitTests
{
    // pgbench 15.18's output of the custom script with -n -c 8 -j 2 -T 2.
    private const string Output = """
        pgbench (15.18 (Debian 15.18-0+deb12u1))
        transaction type: /tmp/pgb_probe.sql
        scaling factor: 1
        query mode: simple
        number of clients: 8
        number of threads: 2
        maximum number of tries: 1
        duration: 2 s
        number of transactions actually processed: 3299
        number of failed transactions: 0 (0.000%)
        latency average = 4.387 ms
        initial connection time = 216.900 ms
        tps = 1823.410513 (without initial connection time)

        """;

    [Fact]
    public void ParseOutput_Pgbench15Output_ReturnsTpsAndLatency()
    {
        var (tps, latency) = PgBenchLimit.ParseOutput(Output);

        Assert.Equal(1823.410513, tps);
        Assert.Equal(4.387, latency);
    }

    [Fact]
    public void ParseOutput_NoTpsLine_ThrowsFormatExceptionWithOutput()
    {
        var error = Assert.Throws<FormatException>(() => PgBenchLimit.ParseOutput("latency average = 4.387 ms\n"));

        Assert.Contains("tps = ...", error.Message, StringComparison.Ordinal);
        Assert.Contains("4.387", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FindPgBench_OnThisMachine_ReturnsExistingFile()
    {
        Assert.True(File.Exists(PgBenchLimit.FindPgBench()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("Bench")]
    [InlineData("1bench")]
    [InlineData("bench;drop")]
    [InlineData("bench\n")]
    public void ValidateIdentifier_NotPlainIdentifier_Throws(string name)
    {
        Assert.Throws<ArgumentException>(() => PgStats.ValidateIdentifier(name));
    }

    [Fact]
    public void ValidateIdentifier_PlainIdentifier_Passes()
    {
        PgStats.ValidateIdentifier("sagahub_bench_0123abc");
    }
}
