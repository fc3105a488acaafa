using SagaHub.Benchmarks.Measure;

namespace SagaHub.Benchmarks.Tests.Measure;

public sealed class BrokerCountersTests
{
    // Shaped like RabbitMQ 3.10.8's /metrics (rabbitmq_prometheus), trimmed.
    private const string Metrics = """
        # TYPE erlang_mnesia_held_locks gauge
        # HELP erlang_mnesia_held_locks Number of held locks.
        erlang_mnesia_held_locks 0
        # TYPE rabbitmq_global_messages_acknowledged_total counter
        # HELP rabbitmq_global_messages_acknowledged_total Total number of messages acknowledged by consumers
        rabbitmq_global_messages_acknowledged_total{protocol="amqp091",queue_type="rabbit_classic_queue"} 3594
        rabbitmq_global_messages_acknowledged_total{protocol="amqp091",queue_type="rabbit_quorum_queue"} 6
        rabbitmq_global_messages_acknowledged_total{protocol="amqp091",queue_type="rabbit_stream_queue"} 0
        rabbitmq_global_messages_confirmed_total{protocol="amqp091"} 3807
        rabbitmq_global_messages_delivered_consume_manual_ack_total{protocol="amqp091",queue_type="rabbit_classic_queue"} 3594
        rabbitmq_global_messages_delivered_get_manual_ack_total{protocol="amqp091",queue_type="rabbit_classic_queue"} 50
        rabbitmq_global_messages_delivered_total{protocol="amqp091",queue_type="rabbit_classic_queue"} 3644
        rabbitmq_global_messages_delivered_total{protocol="amqp091",queue_type="rabbit_quorum_queue"} 6
        rabbitmq_global_messages_received_confirm_total{protocol="amqp091"} 3807
        rabbitmq_global_messages_received_total{protocol="amqp091"} 3857
        rabbitmq_global_messages_redelivered_total{protocol="amqp091",queue_type="rabbit_classic_queue"} 2
        rabbitmq_global_messages_routed_total{protocol="amqp091"} 3850
        rabbitmq_process_resident_memory_bytes 1.34217728e+08
        """;

    [Fact]
    public void Parse_GlobalCounters_SumsOverLabelSets()
    {
        var snapshot = BrokerCounters.Parse(Metrics);

        Assert.Equal(new BrokerSnapshot(Published: 3857, Confirmed: 3807, Routed: 3850, Delivered: 3650, Acknowledged: 3600, Redelivered: 2), snapshot);
    }

    [Fact]
    public void Parse_MissingCounter_ThrowsNamingIt()
    {
        var error = Assert.Throws<InvalidOperationException>(
            () => BrokerCounters.Parse(Metrics.Replace("rabbitmq_global_messages_routed_total", "x", StringComparison.Ordinal)));

        Assert.Contains(BrokerCounters.RoutedMetric, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Subtract_LaterMinusEarlier_ReturnsDelta()
    {
        var earlier = new BrokerSnapshot(10, 9, 8, 7, 6, 5);
        var later = new BrokerSnapshot(110, 109, 108, 107, 106, 5);

        Assert.Equal(new BrokerSnapshot(100, 100, 100, 100, 100, 0), later - earlier);
    }

    [Fact]
    public void SumByName_LabelValuesWithBracesQuotesAndSpaces_ParsesValue()
    {
        const string text = "m{a=\"x } y\",b=\"say \\\"hi\\\" {\"} 2 1700000000000\nm{a=\"z\"} 3\r\nn 1.5e3\n\no NaN\np +Inf\n";

        var sums = PrometheusText.SumByName(text);

        Assert.Equal(5, sums["m"]);
        Assert.Equal(1500, sums["n"]);
        Assert.True(double.IsNaN(sums["o"]));
        Assert.True(double.IsPositiveInfinity(sums["p"]));
    }

    [Theory]
    [InlineData("m{a=\"x\" 1")]
    [InlineData("m")]
    [InlineData("m one")]
    public void SumByName_MalformedLine_ThrowsFormatException(string line)
    {
        Assert.Throws<FormatException>(() => PrometheusText.SumByName(line));
    }
}
