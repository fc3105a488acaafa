using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.Contract;

/// <summary>
/// The <see cref="ISagaUnitOfWorkStore"/> contract, part one: what a commit writes (rows and versions, the inbox), on
/// the plain <see cref="ISagaUnitOfWorkStore.CommitAsync"/>; sessions are part two.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract partial class SagaUnitOfWorkStoreContract<TStore> : SagaStoreContract<TStore>
    where TStore : IStoreUnderTest, new()
{
    // ---- rows and versions -----------------------------------------------------------------

    [Fact]
    public async Task Load_UnknownSaga_ReturnsNull()
    {
        Assert.Null(await Store.LoadAsync(OrderSaga, Guid.NewGuid()));
    }

    [Fact]
    public async Task Commit_NewSaga_RoundTripsEveryFieldAtVersion1()
    {
        var id = Guid.NewGuid();
        PendingCompensation[] compensations =
        [
            new("StockReserved", "SagaHub.Contracts.ReleaseStock", $$"""{"orderId":"{{id}}","lines":[1,2]}""", "inventory"),
            new("PaymentCharged", "SagaHub.Contracts.RefundPayment", $$"""{"orderId":"{{id}}","amount":80.5}""", "payments"),
        ];
        var snapshot = new SagaSnapshot
        {
            SagaType = OrderSaga,
            SagaId = id,
            State = "Compensating",
            IsFinal = false,
            Data = DataFor(id, 80.5m),
            Version = 0,
            LastSequence = 7,
            Deadline = new SagaDeadline(Guid.NewGuid(), T(900, 123_456), SagaDeadlineKind.TaskEscalation),
            Compensations = compensations,
            Compensating = new CompensationRun("Cancelled", compensations[1], "ShipmentFailed"),
            JoinArrivals = ["StockReserved", "PaymentCharged"],
            Task = new HumanTask(Guid.NewGuid(), OrderSaga, id, "Approve refund", "AwaitingApproval", "finance", "finance-lead", T(1, 250_000), T(3600, 1), T(7200, 999_999), true, HumanTaskStatus.Rejected, "alice", T(4000, 500_500)),
            CreatedAt = T(0, 123_456),
            UpdatedAt = T(42, 654_321),
        };
        var history = Enumerable.Range(1, 7).Select(i => Entry(i, "S" + (i - 1), "S" + i, T(i))).ToList();

        await Store.CommitAsync(Commit(snapshot, 0, history));

        AssertSnapshot(snapshot, await Store.LoadAsync(OrderSaga, id), version: 1);
    }

    [Fact]
    public async Task Commit_NewSagaWithoutOptionalFields_RoundTripsThemAbsent()
    {
        var id = Guid.NewGuid();
        var snapshot = Snapshot(id) with
        {
            Compensating = new CompensationRun("Cancelled", null, "PaymentDeclined"),
            Task = new HumanTask(Guid.NewGuid(), OrderSaga, id, "Check", "Submitted", "ops", null, T(1), T(2), null, false, HumanTaskStatus.Open, null, null),
        };

        var stored = await StartAsync(snapshot);

        AssertSnapshot(snapshot, stored, version: 1);
        Assert.Null(stored.Deadline);
        Assert.Empty(stored.Compensations);
        Assert.Empty(stored.JoinArrivals);
        Assert.Null(stored.Compensating!.Awaiting);
    }

    [Fact]
    public async Task Commit_SagaInARetriedStep_RoundTripsItsAttempt()
    {
        var id = Guid.NewGuid();
        var snapshot = Snapshot(id) with
        {
            State = "Charging",
            Deadline = new SagaDeadline(Guid.NewGuid(), T(30, 250_001), SagaDeadlineKind.RetryBackoff),
            Attempt = new SagaStepAttempt(2, 5, T(600, 999_999), "Fault<ChargePayment>: System.TimeoutException: the gateway did not answer"),
        };

        var stored = await StartAsync(snapshot);

        AssertSnapshot(snapshot, stored, version: 1); // the attempt alone is runtime state: it is kept even with nothing else there
        stored = await StartAsync(Snapshot(Guid.NewGuid()));
        Assert.Null(stored.Attempt);
    }

    [Fact]
    public async Task Commit_UpdateAtTheExpectedVersion_ReplacesTheRowAndBumpsTheVersion()
    {
        var started = await StartAsync(Snapshot(Guid.NewGuid()));
        var next = started with
        {
            State = "Shipping",
            Data = DataFor(started.SagaId, 99m),
            Deadline = Deadline(T(500)),
            JoinArrivals = ["StockReserved"],
            UpdatedAt = T(60, 7),
        };

        var updated = await AdvanceAsync(started, next);

        AssertSnapshot(next with { LastSequence = 2 }, updated, version: 2);
    }

    [Fact]
    public async Task Commit_UpdateAtAStaleVersion_ThrowsConcurrencyAndWritesNothing()
    {
        var saga = Snapshot(Guid.NewGuid());
        var started = await StartAsync(saga, Send(saga, T(1)));
        var current = await AdvanceAsync(started, started with { State = "Paid", UpdatedAt = T(10) }, Publish(saga, T(10)));
        var historyBefore = await Store.GetHistoryAsync(OrderSaga, saga.SagaId);
        var outboxBefore = await UndispatchedIdsAsync();
        var staleMessage = Guid.NewGuid();
        var stale = Commit(
            started with { State = "Cancelled", LastSequence = 2, UpdatedAt = T(20) },
            expectedVersion: started.Version,
            history: [Entry(2, "Submitted", "Cancelled", T(20), trigger: "CancelOrder", messageId: staleMessage)],
            outbox: [Send(saga, T(20), "stale")],
            messageId: staleMessage);

        var error = await Assert.ThrowsAsync<SagaConcurrencyException>(() => Store.CommitAsync(stale).AsTask());

        Assert.Equal(saga.SagaId, error.SagaId);
        Assert.Equal(1, error.ExpectedVersion);
        AssertSnapshot(current, await Store.LoadAsync(OrderSaga, saga.SagaId), version: 2);
        Assert.Equal(historyBefore, await Store.GetHistoryAsync(OrderSaga, saga.SagaId));
        Assert.False(await Store.WasProcessedAsync(OrderSaga, staleMessage));
        Assert.Equal(2, outboxBefore.Count);
        Assert.Equal(outboxBefore, await UndispatchedIdsAsync());
    }

    [Fact]
    public async Task Commit_SecondInsertOfASaga_ThrowsConcurrencyAndWritesNothing()
    {
        var saga = Snapshot(Guid.NewGuid());
        var stored = await StartAsync(saga);
        var rival = Guid.NewGuid();

        await Assert.ThrowsAsync<SagaConcurrencyException>(() => Store.CommitAsync(Commit(saga with { State = "Other" }, 0, [Entry(1, "Initial", "Other", T(5))], [Publish(saga, T(5))], rival)).AsTask());

        AssertSnapshot(stored, await Store.LoadAsync(OrderSaga, saga.SagaId), version: 1);
        Assert.Single(await Store.GetHistoryAsync(OrderSaga, saga.SagaId));
        Assert.False(await Store.WasProcessedAsync(OrderSaga, rival));
        Assert.Empty(await UndispatchedIdsAsync());
    }

    [Fact]
    public async Task Commit_UpdateOfASagaThatDoesNotExist_ThrowsConcurrency()
    {
        var saga = Snapshot(Guid.NewGuid()) with { Version = 3, LastSequence = 4 };

        await Assert.ThrowsAsync<SagaConcurrencyException>(() => Store.CommitAsync(Commit(saga, 3, [Entry(4, "A", "B", T(1))])).AsTask());

        Assert.Null(await Store.LoadAsync(OrderSaga, saga.SagaId));
    }

    [Fact]
    public async Task Commit_SameIdUnderTwoSagaTypes_KeepsTwoSagas()
    {
        var id = Guid.NewGuid();
        var order = await StartAsync(Snapshot(id, "Submitted", OrderSaga));
        var refund = await StartAsync(Snapshot(id, "Requested", RefundSaga));

        await AdvanceAsync(order, order with { State = "Paid", UpdatedAt = T(9) });

        var reloadedRefund = await Store.LoadAsync(RefundSaga, id);
        AssertSnapshot(refund, reloadedRefund, version: 1);
        Assert.Equal("Paid", (await Store.LoadAsync(OrderSaga, id))!.State);
    }

    [Fact]
    public async Task Commit_ConcurrentAtTheSameExpectedVersion_LetsExactlyOneWin()
    {
        const int contenders = 8;
        var saga = Snapshot(Guid.NewGuid());
        var started = await StartAsync(saga);
        var commits = Enumerable.Range(0, contenders).Select(i =>
        {
            var messageId = Guid.NewGuid();
            return Commit(
                started with { State = "Contender" + i, LastSequence = 2, UpdatedAt = T(10 + i) },
                started.Version,
                [Entry(2, started.State, "Contender" + i, T(10 + i), trigger: "Race" + i, messageId: messageId)],
                [Send(saga, T(10 + i), "race" + i)],
                messageId);
        }).ToList();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racing = commits.Select(commit => Task.Run(async () =>
        {
            await gate.Task;
            try
            {
                await Store.CommitAsync(commit);
                return true;
            }
            catch (SagaConcurrencyException)
            {
                return false;
            }
        })).ToList();
        gate.SetResult();
        var won = await Task.WhenAll(racing);

        Assert.Equal(1, won.Count(w => w));
        var winner = commits[Array.IndexOf(won, true)];
        var stored = await Store.LoadAsync(OrderSaga, saga.SagaId);
        AssertSnapshot(winner.Snapshot!, stored, version: 2);
        var history = await Store.GetHistoryAsync(OrderSaga, saga.SagaId);
        Assert.Equal([1L, 2L], history.Select(h => h.Sequence));
        Assert.Equal(winner.History[0], history[1]);
        Assert.Equal([winner.Outbox[0].Message.MessageId], await UndispatchedIdsAsync());
        foreach (var commit in commits)
        {
            Assert.Equal(ReferenceEquals(commit, winner), await Store.WasProcessedAsync(OrderSaga, commit.MessageId));
        }
    }

    // ---- inbox -----------------------------------------------------------------------------

    [Fact]
    public async Task WasProcessed_CommittedMessage_IsTrueForItsConsumerOnly()
    {
        var messageId = Guid.NewGuid();
        Assert.False(await Store.WasProcessedAsync(OrderSaga, messageId));

        await Store.CommitAsync(Commit(Snapshot(Guid.NewGuid()), 0, [Entry(1, "Initial", "Submitted", T(0))], messageId: messageId));

        Assert.True(await Store.WasProcessedAsync(OrderSaga, messageId));
        Assert.False(await Store.WasProcessedAsync(RefundSaga, messageId));
        Assert.False(await Store.WasProcessedAsync(OrderSaga, Guid.NewGuid()));
    }

    [Fact]
    public async Task Commit_SameMessageAgain_ThrowsDuplicateAndWritesNothing()
    {
        var saga = Snapshot(Guid.NewGuid());
        var messageId = Guid.NewGuid();
        await Store.CommitAsync(Commit(saga, 0, [Entry(1, "Initial", "Submitted", T(0), messageId: messageId)], [Send(saga, T(0))], messageId));
        var stored = await LoadRequiredAsync(saga);
        var again = Commit(
            stored with { State = "Paid", LastSequence = 2, UpdatedAt = T(5) },
            stored.Version,
            [Entry(2, "Submitted", "Paid", T(5), messageId: messageId)],
            [Publish(saga, T(5))],
            messageId);

        var error = await Assert.ThrowsAsync<DuplicateMessageException>(() => Store.CommitAsync(again).AsTask());

        Assert.Equal(OrderSaga, error.Consumer);
        Assert.Equal(messageId, error.MessageId);
        AssertSnapshot(stored, await Store.LoadAsync(OrderSaga, saga.SagaId), version: 1);
        Assert.Single(await Store.GetHistoryAsync(OrderSaga, saga.SagaId));
        Assert.Single(await UndispatchedIdsAsync());
    }

    [Fact]
    public async Task Commit_SameMessageIdForAnotherConsumer_IsNotADuplicate()
    {
        var id = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        await Store.CommitAsync(Commit(Snapshot(id, sagaType: OrderSaga), 0, [Entry(1, "Initial", "Submitted", T(0))], messageId: messageId));

        await Store.CommitAsync(Commit(Snapshot(id, "Requested", RefundSaga), 0, [Entry(1, "Initial", "Requested", T(0))], messageId: messageId));

        Assert.True(await Store.WasProcessedAsync(RefundSaga, messageId));
        Assert.Equal("Requested", (await Store.LoadAsync(RefundSaga, id))!.State);
    }

    [Fact]
    public async Task Commit_WithoutASnapshot_RecordsTheMessageAndCreatesNoSaga()
    {
        var sagaId = Guid.NewGuid();
        var messageId = Guid.NewGuid();

        await Store.CommitAsync(new SagaCommit(OrderSaga, messageId, null, 0, [], []));

        Assert.True(await Store.WasProcessedAsync(OrderSaga, messageId));
        Assert.Null(await Store.LoadAsync(OrderSaga, sagaId));
        Assert.Empty(await Store.QueryAsync(new SagaQuery()));
        Assert.Empty(await UndispatchedIdsAsync());
    }

    [Fact]
    public async Task Commit_WithoutASnapshotForAnExistingSaga_LeavesItUnchanged()
    {
        var stored = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(100))));
        var staleTimer = Guid.NewGuid();

        await Store.CommitAsync(new SagaCommit(OrderSaga, staleTimer, null, stored.Version, [], []));

        Assert.True(await Store.WasProcessedAsync(OrderSaga, staleTimer));
        AssertSnapshot(stored, await Store.LoadAsync(OrderSaga, stored.SagaId), version: 1);
        Assert.Single(await Store.GetHistoryAsync(OrderSaga, stored.SagaId));
        Assert.Equal(2, (await AdvanceAsync(stored, stored with { State = "Paid" })).Version);
    }
}
