using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using SagaHub.Benchmarks.Limits;
using SagaHub.Benchmarks.Measure;
using Xunit.Abstractions;

namespace SagaHub.Benchmarks.Tests.Measure;

/// <summary>Runs against the local PostgreSQL and RabbitMQ; one at a time, so they do not take each other's CPU.</summary>
[CollectionDefinition(Name)]
public sealed class LimitsCollection
{
    public const string Name = "Limits against the local servers";
}

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

[Trait("Category", "Integration")]
[Collection(LimitsCollection.Name)]
public sealed class RawRabbitMqLimitIntegrationTests(ITestOutputHelper output)
{
    private static readonly RawRabbitTarget Target = new("127.0.0.1", "sagahub-tests", "sagahub", "sagahub");

    [Fact]
    public async Task RunAsync_TwoThousandMessages_ConsumesAllAndDeletesQueue()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        using var http = new HttpClient();
        var queue = "sagahub-raw-limit-test-" + Guid.NewGuid().ToString("N");
        await AssertPrometheusPluginOnAsync(timeout.Token);
        var before = await BrokerCounters.ReadAsync(http, BrokerCounters.DefaultMetricsUri, timeout.Token);

        var result = await RawRabbitMqLimit.RunAsync(Target, new RawRabbitOptions(Messages: 2_000, QueueName: queue), timeout.Token);

        var delta = await BrokerCounters.ReadAsync(http, BrokerCounters.DefaultMetricsUri, timeout.Token) - before;
        output.WriteLine($"raw RabbitMQ: {result.Messages} messages in {result.Elapsed.TotalMilliseconds:F0} ms = {result.MessagesPerSecond:F0} msg/s");
        output.WriteLine($"broker delta (node-wide): {delta}");
        Assert.Equal(2_000, result.Messages);
        Assert.True(result.MessagesPerSecond > 0);
        Assert.True(delta.Published >= 2_000, $"published {delta.Published}");
        Assert.True(delta.Confirmed >= 2_000, $"confirmed {delta.Confirmed}");
        Assert.True(delta.Routed >= 2_000, $"routed {delta.Routed}");
        Assert.True(delta.Delivered >= 2_000, $"delivered {delta.Delivered}");
        Assert.True(delta.Acknowledged >= 2_000, $"acknowledged {delta.Acknowledged}");
        await AssertQueueGoneAsync(queue);
    }

    /// <summary>
    /// The broker's counters come from RabbitMQ's prometheus plugin, which a fresh machine does not have on:
    /// <c>scripts/test.sh</c> enables it (through <c>RMQ_PROMETHEUS=1 scripts/infra-up.sh</c>). Run alone, say so.
    /// </summary>
    private static async Task AssertPrometheusPluginOnAsync(CancellationToken cancellationToken)
    {
        using var probe = new System.Net.Sockets.TcpClient();
        try
        {
            await probe.ConnectAsync(BrokerCounters.DefaultMetricsUri.Host, BrokerCounters.DefaultMetricsUri.Port, cancellationToken);
        }
        catch (System.Net.Sockets.SocketException ex)
        {
            Assert.Fail($"RabbitMQ's prometheus endpoint {BrokerCounters.DefaultMetricsUri} is not there ({ex.SocketErrorCode}): " +
                "this test reads the broker's counters from the rabbitmq_prometheus plugin. scripts/test.sh enables it; " +
                "alone, run `RMQ_PROMETHEUS=1 scripts/infra-up.sh` first.");
        }
    }

    private static async Task AssertQueueGoneAsync(string queue)
    {
        var factory = new ConnectionFactory { HostName = Target.Host, VirtualHost = Target.VirtualHost, UserName = Target.UserName, Password = Target.Password };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        await Assert.ThrowsAsync<OperationInterruptedException>(() => channel.QueueDeclarePassiveAsync(queue));
    }
}
