using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.Contract;

/// <summary>The <see cref="ISagaUnitOfWorkStore"/> contract, part two: sessions (<see cref="ISagaUnitOfWorkStore.BeginAsync"/>).</summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract partial class SagaUnitOfWorkStoreContract<TStore> : SagaStoreContract<TStore>
    where TStore : IStoreUnderTest, new()
{
    [Fact]
    public async Task Begin_UnknownSaga_ReadsNoRowAndNoInboxEntry()
    {
        var saga = Snapshot(Guid.NewGuid());
        var messageId = Guid.NewGuid();

        await using var session = await BeginAsync(saga, messageId);

        Assert.Equal((OrderSaga, saga.SagaId, OrderSaga, messageId), (session.SagaType, session.SagaId, session.Consumer, session.MessageId));
        Assert.False(session.AlreadyProcessed);
        Assert.Null(session.Snapshot);
    }

    [Fact]
    public async Task Begin_StoredSaga_ReadsTheRowWithEveryField()
    {
        var id = Guid.NewGuid();
        PendingCompensation[] compensations = [new("StockReserved", "SagaHub.Contracts.ReleaseStock", $$"""{"orderId":"{{id}}"}""", "inventory")];
        var stored = await StartAsync(Snapshot(id, "Compensating") with
        {
            Deadline = new SagaDeadline(Guid.NewGuid(), T(900, 123_456), SagaDeadlineKind.TaskEscalation),
            Compensations = compensations,
            Compensating = new CompensationRun("Cancelled", compensations[0], "ShipmentFailed"),
            JoinArrivals = ["StockReserved"],
            Task = new HumanTask(Guid.NewGuid(), OrderSaga, id, "Approve", "Compensating", "finance", "lead", T(1, 250_000), T(3600, 1), null, false, HumanTaskStatus.Open, null, null),
            DefinitionVersion = 3,
            CreatedAt = T(0, 123_456),
            UpdatedAt = T(42, 654_321),
        });

        await using var session = await BeginAsync(stored, Guid.NewGuid());

        Assert.False(session.AlreadyProcessed);
        AssertSnapshot(stored, session.Snapshot, version: 1);
        Assert.Equal(3, session.Snapshot!.DefinitionVersion);
    }

    [Fact]
    public async Task SessionCommit_TwoMessagesInTurn_IsDurableAndReadByTheNextSession()
    {
        var saga = Snapshot(Guid.NewGuid());
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var send = Send(saga, T(1));
        await using (var session = await BeginAsync(saga, first))
        {
            await session.CommitAsync(Next(session, saga, "Submitted", send));
        }

        await using (var session = await BeginAsync(saga, second))
        {
            Assert.Equal(("Submitted", 1L), (session.Snapshot!.State, session.Snapshot.Version));
            await session.CommitAsync(Next(session, saga, "Paid"));
        }

        var stored = await LoadRequiredAsync(saga);
        Assert.Equal(("Paid", 2L, 2L), (stored.State, stored.Version, stored.LastSequence));
        Assert.Equal(["Initial->Submitted", "Submitted->Paid"], (await Store.GetHistoryAsync(OrderSaga, saga.SagaId)).Select(h => $"{h.From}->{h.To}"));
        Assert.True(await Store.WasProcessedAsync(OrderSaga, first));
        Assert.True(await Store.WasProcessedAsync(OrderSaga, second));
        Assert.Equal([send.Message.MessageId], await UndispatchedIdsAsync());
    }

    [Fact]
    public async Task Begin_HandledMessage_IsAlreadyProcessedAndItsCommitThrowsDuplicate()
    {
        var saga = Snapshot(Guid.NewGuid());
        var messageId = Guid.NewGuid();
        await using (var session = await BeginAsync(saga, messageId))
        {
            await session.CommitAsync(Next(session, saga, "Submitted", Send(saga, T(1))));
        }

        var stored = await LoadRequiredAsync(saga);
        await using (var again = await BeginAsync(saga, messageId))
        {
            Assert.True(again.AlreadyProcessed);
            Assert.Null(again.Snapshot);
            var error = await Assert.ThrowsAsync<DuplicateMessageException>(() => again.CommitAsync(Next(again, stored, "Paid", Publish(saga, T(2)))).AsTask());
            Assert.Equal((OrderSaga, messageId), (error.Consumer, error.MessageId));
        }

        AssertSnapshot(stored, await Store.LoadAsync(OrderSaga, saga.SagaId), version: 1);
        Assert.Single(await Store.GetHistoryAsync(OrderSaga, saga.SagaId));
        Assert.Single(await UndispatchedIdsAsync());
    }

    [Fact]
    public async Task SessionDispose_WithoutACommit_WritesNothingAndFreesTheSaga()
    {
        var stored = await StartAsync(Snapshot(Guid.NewGuid()));
        var fresh = Snapshot(Guid.NewGuid());
        var abandoned = Guid.NewGuid();
        await using (var session = await BeginAsync(stored, abandoned))
        {
            Assert.Equal(1, session.Snapshot!.Version);
        }

        await using (var session = await BeginAsync(fresh, abandoned))
        {
            Assert.Null(session.Snapshot);
        }

        Assert.False(await Store.WasProcessedAsync(OrderSaga, abandoned));
        AssertSnapshot(stored, await Store.LoadAsync(OrderSaga, stored.SagaId), version: 1);
        Assert.Null(await Store.LoadAsync(OrderSaga, fresh.SagaId));
        Assert.Empty(await UndispatchedIdsAsync());

        await HandleAsync(stored, Guid.NewGuid(), "Paid"); // nothing holds the saga any more
        Assert.Equal(2, (await LoadRequiredAsync(stored)).Version);
    }

    [Fact]
    public async Task SessionCommit_Conflict_WritesNothingAndFinishesTheSession()
    {
        var stored = await StartAsync(Snapshot(Guid.NewGuid()));
        var messageId = Guid.NewGuid();
        await using (var session = await BeginAsync(stored, messageId))
        {
            var stale = Next(session, stored, "Paid", Send(stored, T(5))) with { ExpectedVersion = 7 };

            await Assert.ThrowsAsync<SagaConcurrencyException>(() => session.CommitAsync(stale).AsTask());
            await Assert.ThrowsAsync<InvalidOperationException>(() => session.CommitAsync(Next(session, stored, "Paid")).AsTask());
        }

        AssertSnapshot(stored, await Store.LoadAsync(OrderSaga, stored.SagaId), version: 1);
        Assert.False(await Store.WasProcessedAsync(OrderSaga, messageId));
        Assert.Empty(await UndispatchedIdsAsync());
    }

    [Fact]
    public async Task SessionCommit_ForAnotherMessageOrSaga_ThrowsArgumentException()
    {
        var stored = await StartAsync(Snapshot(Guid.NewGuid()));
        await using var session = await BeginAsync(stored, Guid.NewGuid());

        var commit = Next(session, stored, "Paid");
        await Assert.ThrowsAsync<ArgumentException>(() => session.CommitAsync(commit with { MessageId = Guid.NewGuid() }).AsTask());
        await Assert.ThrowsAsync<ArgumentException>(() => session.CommitAsync(commit with { Snapshot = commit.Snapshot! with { SagaId = Guid.NewGuid() } }).AsTask());
        await session.CommitAsync(commit);

        Assert.Equal(2, (await LoadRequiredAsync(stored)).Version);
    }

    [Fact]
    public async Task Begin_ConcurrentSessionsOnOneSaga_LoseNoUpdate()
    {
        var stored = await StartAsync(Snapshot(Guid.NewGuid()));
        var second = Guid.NewGuid();
        var first = await BeginAsync(stored, Guid.NewGuid());
        var rival = Task.Run(() => BeginAsync(stored, second).AsTask());
        if (!SessionsSerializeOnTheSaga)
        {
            // Optimistic: the rival's begin must have read the saga before the first commits, or it would
            // read version 2 (Task.Run may start late on a busy machine).
            await rival.WaitAsync(Patience);
        }

        var rivalWaited = SessionsSerializeOnTheSaga && await Task.WhenAny(rival, Task.Delay(TimeSpan.FromMilliseconds(500))) != rival;
        await using (first)
        {
            await first.CommitAsync(Next(first, stored, "A"));
        }

        var conflicted = false;
        var session = await rival.WaitAsync(Patience);
        await using (session)
        {
            if (SessionsSerializeOnTheSaga)
            {
                Assert.True(rivalWaited, "the second session should wait until the first one ends");
                Assert.Equal(2, session.Snapshot!.Version); // read after the first committed
                await session.CommitAsync(Next(session, stored, "B"));
            }
            else
            {
                Assert.Equal(1, session.Snapshot!.Version); // optimistic: the same version, the commit must lose
                await Assert.ThrowsAsync<SagaConcurrencyException>(() => session.CommitAsync(Next(session, stored, "B")).AsTask());
                conflicted = true;
            }
        }

        if (conflicted)
        {
            await HandleAsync(stored, second, "B");
        }

        var final = await LoadRequiredAsync(stored);
        Assert.Equal(("B", 3L), (final.State, final.Version));
        Assert.Equal([1L, 2L, 3L], (await Store.GetHistoryAsync(OrderSaga, stored.SagaId)).Select(h => h.Sequence));
        Assert.Equal(["Submitted", "A", "B"], (await Store.GetHistoryAsync(OrderSaga, stored.SagaId)).Select(h => h.To));
        Assert.True(await Store.WasProcessedAsync(OrderSaga, second));
    }

    [Fact]
    public async Task Begin_ManyConcurrentMessagesForOneSaga_AppliesEachOnce()
    {
        const int messages = 12;
        var stored = await StartAsync(Snapshot(Guid.NewGuid()));
        var ids = Enumerable.Range(0, messages).Select(_ => Guid.NewGuid()).ToList();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var running = ids.Select((id, i) => Task.Run(async () =>
        {
            await gate.Task;
            for (var attempt = 0; ; attempt++)
            {
                var session = await BeginAsync(stored, id).AsTask().WaitAsync(Patience);
                await using (session)
                {
                    try
                    {
                        await session.CommitAsync(Next(session, stored, "M" + i));
                        return attempt;
                    }
                    catch (SagaConcurrencyException) when (attempt < 50)
                    {
                    }
                }
            }
        })).ToList();
        gate.SetResult();
        var retries = await Task.WhenAll(running);

        var final = await LoadRequiredAsync(stored);
        Assert.Equal(messages + 1L, final.Version);
        Assert.Equal(Enumerable.Range(1, messages + 1).Select(i => (long)i), (await Store.GetHistoryAsync(OrderSaga, stored.SagaId)).Select(h => h.Sequence));
        if (SessionsSerializeOnTheSaga)
        {
            Assert.All(retries, r => Assert.Equal(0, r)); // each waited for the row instead of conflicting
        }

        foreach (var id in ids)
        {
            Assert.True(await Store.WasProcessedAsync(OrderSaga, id));
        }
    }

    [Fact]
    public async Task Begin_SessionsRacingToStartOneSaga_LetOneInsertAndTheOtherRerun()
    {
        var saga = Snapshot(Guid.NewGuid());
        var loser = Guid.NewGuid();
        var first = await BeginAsync(saga, Guid.NewGuid());
        var rival = Task.Run(() => BeginAsync(saga, loser).AsTask());
        await Task.WhenAny(rival, Task.Delay(TimeSpan.FromMilliseconds(300)));
        await using (first)
        {
            await first.CommitAsync(Next(first, saga, "A"));
        }

        var session = await rival.WaitAsync(Patience);
        await using (session)
        {
            if (session.Snapshot is null)
            {
                // Both read "no saga" (there was no row to lock): the second insert is a conflict, never a second saga.
                await Assert.ThrowsAsync<SagaConcurrencyException>(() => session.CommitAsync(Next(session, saga, "B")).AsTask());
            }
            else
            {
                Assert.True(SessionsSerializeOnTheSaga);
                await session.CommitAsync(Next(session, saga, "B"));
            }
        }

        if (!await Store.WasProcessedAsync(OrderSaga, loser))
        {
            await HandleAsync(saga, loser, "B");
        }

        var final = await LoadRequiredAsync(saga);
        Assert.Equal(("B", 2L), (final.State, final.Version));
        Assert.Equal(["Initial->A", "A->B"], (await Store.GetHistoryAsync(OrderSaga, saga.SagaId)).Select(h => $"{h.From}->{h.To}"));
    }
}
