using SagaHub.Management.RabbitMq.Tests.Support;

namespace SagaHub.Management.RabbitMq.Tests;

/// <summary>Deleting from an error queue: only the chosen messages go, the others stay in their order.</summary>
[Trait("Category", "Integration")]
public sealed class When_an_operator_deletes_dead_letters : IAsyncLifetime
{
    private DeadLetterWorld world = null!;

    public async Task InitializeAsync() => world = await DeadLetterWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Should_remove_only_the_chosen_messages()
    {
        await world.FaultAsync(DeadLetterWorld.SagaQueue, 3);
        var letters = await world.DeadLetters.ListAsync("work-saga_error", 50);

        var outcomes = await world.DeadLetters.DeleteAsync([letters[1].Id, "no-such-id"], new DeadLetterAudit("alice", "a test job"));

        Assert.Equal([(letters[1].Id, DeadLetterResult.Deleted), ("no-such-id", DeadLetterResult.NotFound)], outcomes.Select(o => (o.Id, o.Result)));
        Assert.Equal([letters[0].Id, letters[2].Id], (await world.DeadLetters.ListAsync("work-saga_error", 50)).Select(l => l.Id));
    }
}
