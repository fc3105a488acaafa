using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.Contract;

/// <summary>The <see cref="ISagaOutboxStore"/> contract: rows written by commits, read oldest first, gone once marked dispatched.</summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class SagaOutboxStoreContract<TStore> : SagaStoreContract<TStore>
    where TStore : IStoreUnderTest, new()
{
    /// <summary>The role under test.</summary>
    private ISagaOutboxStore Outbox => Store;

    [Fact]
    public async Task GetUndispatched_PublishAndSend_RoundTripsBoth()
    {
        var saga = Snapshot(Guid.NewGuid());
        var publish = Publish(saga, T(1, 100));
        var send = Send(saga, T(2, 200), "reserve", "inventory");

        await StartAsync(saga, publish, send);
        var rows = await Outbox.GetUndispatchedAsync(T(10), 10);

        Assert.Equal(2, rows.Count);
        AssertOutbox(publish, rows[0]);
        AssertOutbox(send, rows[1]);
        Assert.True(rows[0].Message.IsPublish);
        Assert.Null(rows[0].Message.Destination);
        Assert.False(rows[1].Message.IsPublish);
        Assert.Equal("inventory", rows[1].Message.Destination);
        Assert.Equal(new StoreTestCommand(saga.SagaId, "reserve", 129.95m), rows[1].Message.Message);
    }

    [Fact]
    public async Task GetUndispatched_CreatedBeforeAndMax_ReturnsRowsOldestFirstWithinBoth()
    {
        var a = Snapshot(Guid.NewGuid());
        var b = Snapshot(Guid.NewGuid());
        var at30 = Send(a, T(30));
        var at10 = Send(b, T(10));
        var at20 = Publish(a, T(20));
        await StartAsync(a, at30);
        await StartAsync(b, at10, at20);

        Assert.Equal([at10.Message.MessageId, at20.Message.MessageId, at30.Message.MessageId], (await Outbox.GetUndispatchedAsync(T(30), 10)).Select(e => e.Message.MessageId));
        Assert.Equal([at10.Message.MessageId, at20.Message.MessageId], (await Outbox.GetUndispatchedAsync(T(20), 10)).Select(e => e.Message.MessageId));
        Assert.Equal([at10.Message.MessageId, at20.Message.MessageId], (await Outbox.GetUndispatchedAsync(T(30), 2)).Select(e => e.Message.MessageId));
        Assert.Empty(await Outbox.GetUndispatchedAsync(T(9), 10));
    }

    [Fact]
    public async Task MarkDispatched_SomeRows_AreNotReturnedAgain()
    {
        var saga = Snapshot(Guid.NewGuid());
        var first = Send(saga, T(1));
        var second = Publish(saga, T(2));
        var third = Send(saga, T(3), "charge", "payments");
        await StartAsync(saga, first, second, third);

        await Outbox.MarkDispatchedAsync([first.Message.MessageId, third.Message.MessageId], T(4));

        Assert.Equal([second.Message.MessageId], await UndispatchedIdsAsync());
        await Outbox.MarkDispatchedAsync([second.Message.MessageId], T(5));
        Assert.Empty(await UndispatchedIdsAsync());
    }

    [Fact]
    public async Task MarkDispatched_WhateverTheNextSessionsDo_RowsAreNotSweptAgain()
    {
        var saga = Snapshot(Guid.NewGuid());
        var sent = Send(saga, T(1));
        var waiting = Publish(saga, T(2));
        var stored = await StartAsync(saga, sent, waiting);

        await Outbox.MarkDispatchedAsync([sent.Message.MessageId], T(3));
        Assert.Equal([waiting.Message.MessageId], await UndispatchedIdsAsync());

        await using (var rolledBack = await BeginAsync(stored, Guid.NewGuid()))
        {
            Assert.Equal([waiting.Message.MessageId], await UndispatchedIdsAsync()); // while a session may be deleting it
        }

        Assert.Equal([waiting.Message.MessageId], await UndispatchedIdsAsync());
        await HandleAsync(stored, Guid.NewGuid(), "Paid");
        Assert.Equal([waiting.Message.MessageId], await UndispatchedIdsAsync());

        await Outbox.MarkDispatchedAsync([waiting.Message.MessageId], T(4));
        Assert.Empty(await UndispatchedIdsAsync());
    }
}
