using SagaHub.Testing;

namespace SagaHub.Orders.Tests;

/// <summary>
/// <see cref="SagaTestHarness.WaitForStateAsync{TSaga}"/>: the saga is in the state when asked, or reaches it afterwards; a state it
/// has already left does not count. Typed waits find a definition by its <see cref="ISagaDefinition.Name"/>, which it may override.
/// </summary>
public sealed class When_the_harness_waits_for_a_state
{
    [Fact]
    public async Task Should_find_a_saga_whose_definition_overrides_its_name()
    {
        await using var harness = await SagaTestHarness.StartAsync(hub => hub.AddSaga(new DoorSaga()));
        var id = Guid.NewGuid();

        await harness.PublishAsync(new DoorOpened(id));
        var door = await harness.WaitForStateAsync<DoorSaga>(id, DoorStatus.Open);

        door.WentThrough(DoorStatus.Open);
        Assert.Equal("front-door", (await harness.SagaAsync<DoorSaga>(id)).Snapshot.SagaType);
    }

    [Fact]
    public async Task Should_not_return_for_a_state_the_saga_has_left()
    {
        await using var harness = await SagaTestHarness.StartAsync(hub => hub.AddSaga(new DoorSaga()));
        var id = Guid.NewGuid();
        await harness.PublishAsync(new DoorOpened(id));
        await harness.WaitForStateAsync<DoorSaga>(id, DoorStatus.Open);
        await harness.PublishAsync(new DoorClosed(id));
        await harness.WaitForStateAsync<DoorSaga>(id, DoorStatus.Closed);

        harness.WaitTimeout = TimeSpan.FromMilliseconds(300); // a wait that must fail: only its length is bounded here
        var error = await Assert.ThrowsAsync<SagaAssertionException>(() => harness.WaitForStateAsync<DoorSaga>(id, DoorStatus.Open));

        Assert.Contains("to reach state Open", error.Message, StringComparison.Ordinal);
        Assert.NotNull(await harness.WaitForStateAsync<DoorSaga>(id, DoorStatus.Closed)); // the state it is in now still counts
    }

    [Fact]
    public async Task Should_wait_for_a_duplicate_the_inbox_skipped()
    {
        await using var harness = await SagaTestHarness.StartAsync(hub => hub.AddSaga(new DoorSaga()));
        var id = Guid.NewGuid();
        var messageId = await harness.PublishAsync(new DoorOpened(id));
        await harness.WaitForMessageAsync<DoorSaga>(id, messageId);

        await harness.PublishAsync(new DoorOpened(id), messageId);
        var door = await harness.WaitForDuplicateAsync<DoorSaga>(id, messageId);

        Assert.Equal(1, door.Snapshot.Version);
        door.WentThrough(DoorStatus.Open);
        harness.WaitTimeout = TimeSpan.FromMilliseconds(300); // a message sent once is no duplicate: this wait must fail
        await Assert.ThrowsAsync<SagaAssertionException>(() => harness.WaitForDuplicateAsync<DoorSaga>(id, Guid.NewGuid()));
    }

    private sealed record DoorOpened(Guid DoorId);

    private sealed record DoorClosed(Guid DoorId);

    private enum DoorStatus
    {
        Open,
        Closed,
    }

    private sealed class DoorData
    {
        public int Opened { get; set; }
    }

    private sealed class DoorSaga : SagaDefinition<DoorData, DoorStatus>
    {
        public DoorSaga()
        {
            Correlate<DoorOpened>(m => m.DoorId);
            Correlate<DoorClosed>(m => m.DoorId);
            Initially<DoorOpened>().Then(ctx => ctx.Data.Opened++).GoTo(DoorStatus.Open);
            During(DoorStatus.Open).On<DoorClosed>().GoTo(DoorStatus.Closed);
            Final(DoorStatus.Closed);
        }

        public override string Name => "front-door";
    }
}
