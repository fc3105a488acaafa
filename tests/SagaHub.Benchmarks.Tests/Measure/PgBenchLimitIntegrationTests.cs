using Npgsql;
using SagaHub.Benchmarks.Limits;
using SagaHub.Benchmarks.Measure;
using Xunit.Abstractions;

namespace SagaHub.Benchmarks.Tests.Measure;

[Trait("Category", "Integration")]
[Collection(LimitsCollection.Name)]
public sealed class PgBenchLimitIntegrationTests(ITestOutputHelper output)
{
    private const string Admin = "Host=127.0.0.1;Port=5432;Database=sagahub;Username=sagahub;Password=sagahub";

    [Fact]
    public async Task RunAsync_OneSecondOnScratchDatabase_ReportsTpsAndCommits()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var database = "sagahub_pgbench_" + Guid.NewGuid().ToString("N")[..12];
        await PgStats.CreateDatabaseAsync(Admin, database, timeout.Token);
        try
        {
            var before = await PgStats.CommitsAsync(Admin, database, timeout.Token);
            var connectionString = new NpgsqlConnectionStringBuilder(Admin) { Database = database }.ConnectionString;

            var result = await PgBenchLimit.RunAsync(connectionString, duration: TimeSpan.FromSeconds(1), cancellationToken: timeout.Token);

            output.WriteLine($"pgbench: {result.Tps:F0} tps, latency average {result.LatencyAverageMs:F3} ms, {result.Clients} clients, {result.Duration.TotalSeconds:F0} s");
            Assert.True(result.Tps > 0);
            Assert.True(result.LatencyAverageMs > 0);
            Assert.Equal(PgBenchLimit.DefaultClients, result.Clients);
            Assert.Equal(TimeSpan.FromSeconds(1), result.Duration);

            // pgbench has exited; its backends flush their statistics as they exit, just after.
            var commits = await PollAsync(
                () => PgStats.CommitsAsync(Admin, database, timeout.Token),
                c => c - before >= result.Tps * 0.5,
                timeout.Token);
            output.WriteLine($"xact_commit grew by {commits - before}");
            Assert.True(commits - before >= result.Tps * 0.5, $"xact_commit grew by {commits - before} only");
        }
        finally
        {
            await PgStats.DropDatabaseAsync(Admin, database, CancellationToken.None);
        }
    }

    [Fact]
    public async Task RunAsync_DatabaseDoesNotExist_ThrowsWithPgbenchError()
    {
        var connectionString = new NpgsqlConnectionStringBuilder(Admin) { Database = "sagahub_no_such_db_" + Guid.NewGuid().ToString("N")[..8] }.ConnectionString;

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            () => PgBenchLimit.RunAsync(connectionString, duration: TimeSpan.FromSeconds(1)));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    private static async Task<long> PollAsync(Func<Task<long>> read, Func<long, bool> done, CancellationToken cancellationToken)
    {
        var value = await read();
        for (var attempt = 0; attempt < 50 && !done(value); attempt++)
        {
            await Task.Delay(200, cancellationToken);
            value = await read();
        }

        return value;
    }
}
