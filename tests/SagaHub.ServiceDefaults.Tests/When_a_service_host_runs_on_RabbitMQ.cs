using Microsoft.Extensions.Configuration;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RabbitMQ.Client.Exceptions;
using SagaHub.ServiceDefaults.Tests.Infrastructure;

namespace SagaHub.ServiceDefaults.Tests;

/// <summary>
/// Against the local RabbitMQ of scripts/infra-up.sh (sagahub/sagahub on 127.0.0.1:5672; RabbitMq__* environment
/// variables point elsewhere). Every test uses queues of its own, and removes what it declared.
/// </summary>
[Trait("Category", "Integration")]
public sealed class When_a_service_host_runs_on_RabbitMQ
{
    private static readonly RabbitMqTransportOptions Broker =
        RabbitMqTransportOptions.FromConfiguration(new ConfigurationBuilder().AddEnvironmentVariables().Build());

    [Fact]
    public async Task Should_deliver_a_message_to_the_consumer()
    {
        var queue = TestHost.UniqueQueue("round-trip");
        try
        {
            using var host = TestHost.Build(new Dictionary<string, string?>(), queue);
            await host.StartAsync();
            try
            {
                await TestHost.RoundTripAsync(host, new Uri($"queue:{queue}"));
            }
            finally
            {
                await host.StopAsync();
            }
        }
        finally
        {
            await DeleteAsync(queue);
        }
    }

    [Fact]
    public async Task Should_declare_the_endpoint_queue_as_a_quorum_queue_with_UseQuorumQueues()
    {
        var queue = TestHost.UniqueQueue("quorum");
        try
        {
            using (var host = TestHost.Build(new Dictionary<string, string?> { ["RabbitMq:UseQuorumQueues"] = "true" }, queue))
            {
                await host.StartAsync();
                try
                {
                    // To the exchange MassTransit binds to the queue. A "queue:" address would make the sender declare
                    // the queue without a type, which RabbitMQ 3.x refuses for a quorum queue unless the virtual host's
                    // default queue type is quorum (see RabbitMqTransportOptions.UseQuorumQueues).
                    await TestHost.RoundTripAsync(host, new Uri($"exchange:{queue}"));
                }
                finally
                {
                    await host.StopAsync();
                }
            }

            await using var connection = await Connect();

            // RabbitMQ refuses to redeclare a queue with another type, so the refusal names the real one...
            await using (var channel = await connection.CreateChannelAsync())
            {
                var refused = await Assert.ThrowsAsync<OperationInterruptedException>(() => DeclareAsync(channel, queue, "classic"));
                var reason = Assert.IsType<ShutdownEventArgs>(refused.ShutdownReason);
                Assert.Equal(406, (int)reason.ReplyCode); // PRECONDITION_FAILED
                Assert.Contains("current is 'quorum'", reason.ReplyText, StringComparison.Ordinal);
            }

            // ...and accepts the same declaration as a quorum queue.
            await using (var channel = await connection.CreateChannelAsync())
            {
                var declared = await DeclareAsync(channel, queue, "quorum");
                Assert.Equal(queue, declared.QueueName);
            }
        }
        finally
        {
            await DeleteAsync(queue);
        }
    }

    [Fact]
    public async Task Should_log_everything_but_the_password_the_broker_refused()
    {
        var logs = await When_a_RabbitMQ_service_host_fails_to_start.StartAndAssertThePasswordIsNeverLogged(Broker.Port);

        Assert.Contains("ACCESS_REFUSED", logs.AllText, StringComparison.Ordinal); // the broker was reached and said no
    }

    private static Task<IConnection> Connect() => new ConnectionFactory
    {
        HostName = Broker.Host,
        Port = Broker.Port,
        VirtualHost = Broker.VirtualHost,
        UserName = Broker.Username,
        Password = Broker.Password,
    }.CreateConnectionAsync();

    private static Task<QueueDeclareOk> DeclareAsync(IChannel channel, string queue, string type) =>
        channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?> { ["x-queue-type"] = type });

    /// <summary>Deletes the queue and the exchange MassTransit binds to it (deleting what is gone is no error).</summary>
    private static async Task DeleteAsync(string queue)
    {
        await using var connection = await Connect();
        await using var channel = await connection.CreateChannelAsync();
        await channel.QueueDeleteAsync(queue);
        await channel.ExchangeDeleteAsync(queue);
    }
}
