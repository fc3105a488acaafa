using System.Text;
using RabbitMQ.Client;
using SagaHub.Management.RabbitMq.Tests.Support;

namespace SagaHub.Management.RabbitMq.Tests;

/// <summary>A replay whose source queue does not exist: the broker returns the copy, and the original stays in its error queue.</summary>
[Trait("Category", "Integration")]
public sealed class When_a_replay_cannot_be_published : IAsyncLifetime
{
    private const string GhostError = DeadLetterWorld.GhostQueue + "_error";

    private DeadLetterWorld world = null!;

    public async Task InitializeAsync() => world = await DeadLetterWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Should_keep_the_message_in_its_error_queue()
    {
        var messageId = Guid.NewGuid().ToString();
        await using (var channel = await world.Rabbit.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)))
        {
            await channel.QueueDeclareAsync(GhostError, durable: true, exclusive: false, autoDelete: false);
            var body = Encoding.UTF8.GetBytes($"{{\"messageId\":\"{messageId}\",\"messageType\":[\"urn:message:Ghosts:Boo\"],\"message\":{{}}}}");
            var properties = new BasicProperties { MessageId = messageId, Persistent = true, Headers = new Dictionary<string, object?> { ["MT-Reason"] = "fault", ["MT-Fault-Message"] = "boo" } };
            await channel.BasicPublishAsync(string.Empty, GhostError, mandatory: true, properties, body);
        }

        var one = await world.DeadLetters.ReplayAsync(new DeadLetterSelection { Ids = [messageId] }, new DeadLetterAudit("alice", "try"));
        var all = await world.DeadLetters.ReplayAsync(new DeadLetterSelection { Queue = GhostError, All = true }, new DeadLetterAudit("alice", "try all"));

        var failed = Assert.Single(one);
        Assert.Equal((messageId, DeadLetterResult.Failed), (failed.Id, failed.Result));
        Assert.Contains("no such queue", failed.Detail, StringComparison.Ordinal);
        Assert.Equal(DeadLetterResult.Failed, Assert.Single(all).Result);
        Assert.Equal(1u, await world.DepthAsync(GhostError));
        Assert.Null(await world.DepthAsync(DeadLetterWorld.GhostQueue));
        var kept = Assert.Single(await world.DeadLetters.ListAsync(GhostError, 50));
        Assert.Equal(("Boo", "boo"), (kept.MessageType, kept.FaultReason));
    }
}
