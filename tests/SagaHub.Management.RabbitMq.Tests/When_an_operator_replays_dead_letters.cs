using SagaHub.Management.RabbitMq.Tests.Support;

namespace SagaHub.Management.RabbitMq.Tests;

/// <summary>Replaying from an error queue: the message goes back to its consumer without MassTransit's fault headers, and out of the error queue.</summary>
[Trait("Category", "Integration")]
public sealed class When_an_operator_replays_dead_letters : IAsyncLifetime
{
    private static readonly DeadLetterAudit Alice = new("alice", "the printer has paper again");

    private DeadLetterWorld world = null!;

    public async Task InitializeAsync() => world = await DeadLetterWorld.StartAsync();

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task Should_deliver_the_chosen_message_to_its_consumer_and_take_it_out_of_the_error_queue()
    {
        await world.FaultAsync(DeadLetterWorld.SagaQueue, 2);
        var letters = await world.DeadLetters.ListAsync("work-saga_error", 50);
        world.Failing = false;

        var outcomes = await world.DeadLetters.ReplayAsync(new DeadLetterSelection { Ids = [letters[0].Id] }, Alice);

        var outcome = Assert.Single(outcomes);
        Assert.Equal((letters[0].Id, DeadLetterResult.Replayed), (outcome.Id, outcome.Result));
        Assert.Equal("WorkSaga", outcome.Message!.SagaType);
        var received = await world.ReceivedAsync(letters[0].SagaId!.Value);
        Assert.Equal(("alice", "the printer has paper again"), (received.ReplayedBy, received.ReplayReason));
        Assert.DoesNotContain(received.Headers, h => h.StartsWith("MT-Fault-", StringComparison.Ordinal) || h.StartsWith("MT-Host-", StringComparison.Ordinal) || h == "MT-Reason");
        Assert.Equal(1u, await world.DepthAsync("work-saga_error"));
        Assert.Equal(letters[1].Id, Assert.Single(await world.DeadLetters.ListAsync("work-saga_error", 50)).Id);
    }

    [Fact]
    public async Task Should_replay_every_message_of_a_queue()
    {
        var work = await world.FaultAsync(DeadLetterWorld.ServiceQueue, 3);
        world.Failing = false;

        var outcomes = await world.DeadLetters.ReplayAsync(new DeadLetterSelection { Queue = "work_error", All = true }, Alice);

        Assert.Equal(3, outcomes.Count(o => o.Result == DeadLetterResult.Replayed));
        foreach (var id in work)
        {
            await world.ReceivedAsync(id);
        }

        Assert.Equal(0u, await world.DepthAsync("work_error"));
    }

    [Fact]
    public async Task Should_replay_every_message_of_every_queue_when_no_queue_is_named()
    {
        var work = await world.FaultAsync(DeadLetterWorld.SagaQueue, 1);
        work.AddRange(await world.FaultAsync(DeadLetterWorld.ServiceQueue, 1));
        world.Failing = false;

        var outcomes = await world.DeadLetters.ReplayAsync(new DeadLetterSelection { All = true }, Alice);

        Assert.Equal(["work-saga_error", "work_error"], outcomes.Select(o => o.Message!.Queue));
        Assert.All(outcomes, o => Assert.Equal(DeadLetterResult.Replayed, o.Result));
        foreach (var id in work)
        {
            await world.ReceivedAsync(id);
        }

        Assert.Equal((0u, 0u), (await world.DepthAsync("work-saga_error"), await world.DepthAsync("work_error")));
    }

    [Fact]
    public async Task Should_replay_each_message_once_when_it_faults_again()
    {
        await world.FaultAsync(DeadLetterWorld.SagaQueue, 2);

        var outcomes = await world.DeadLetters.ReplayAsync(new DeadLetterSelection { Queue = "work-saga_error", All = true }, Alice);

        Assert.Equal(2, outcomes.Count(o => o.Result == DeadLetterResult.Replayed));
        await world.WaitForDepthAsync("work-saga_error", 2);
    }

    [Fact]
    public async Task Should_answer_not_found_for_an_id_in_none_of_the_queues_looked_in()
    {
        await world.FaultAsync(DeadLetterWorld.SagaQueue, 1);
        var letter = Assert.Single(await world.DeadLetters.ListAsync(null, 50));

        var outcomes = await world.DeadLetters.ReplayAsync(new DeadLetterSelection { Ids = [letter.Id, "no-such-id"], Queue = "work_error" }, Alice);

        Assert.Equal([(letter.Id, DeadLetterResult.NotFound), ("no-such-id", DeadLetterResult.NotFound)], outcomes.Select(o => (o.Id, o.Result)));
        Assert.Equal(1u, await world.DepthAsync("work-saga_error"));
    }
}
