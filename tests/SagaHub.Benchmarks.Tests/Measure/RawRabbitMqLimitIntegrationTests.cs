using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using SagaHub.Benchmarks.Limits;
using SagaHub.Benchmarks.Measure;
using Xunit.Abstractions;

namespace SagaHub.Benchmarks.Tests.Measure;

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
