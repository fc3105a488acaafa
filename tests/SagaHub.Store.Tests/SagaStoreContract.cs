using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests;

/// <summary>
/// The <see cref="ISagaStore"/> contract: every store (in memory, SQLite, PostgreSQL) derives a
/// test class from this one and runs every test. xunit builds one instance per test, and
/// <see cref="InitializeAsync"/> asks for a fresh, empty store each time.
/// </summary>
public abstract class SagaStoreContract : IAsyncLifetime
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    /// <summary>How long a test waits for something that should happen at once.</summary>
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private ISagaStore? store;

    /// <summary>The store under test, fresh and empty for each test.</summary>
    protected ISagaStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    public async Task InitializeAsync() => store = await CreateStoreAsync();

    public Task DisposeAsync() => store is null ? Task.CompletedTask : DisposeStoreAsync();

    /// <summary>Creates a fresh, empty store (its own schema, database or cleaned tables).</summary>
    /// <returns>The store.</returns>
    protected abstract Task<ISagaStore> CreateStoreAsync();

    /// <summary>
    /// Whether a session holds its saga from its read until it ends, so a second session on the same
    /// saga waits and then reads the committed row (the durable stores: <c>FOR UPDATE</c> on PostgreSQL,
    /// the write lock on SQLite). False for optimistic stores, where the second session reads the same
    /// version and its commit conflicts.
    /// </summary>
    protected virtual bool SessionsSerializeOnTheSaga => false;

    /// <summary>Releases the store after a test; by default disposes it when it is disposable.</summary>
    /// <returns>A task.</returns>
    protected virtual async Task DisposeStoreAsync()
    {
        switch (Store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync();
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    // ---- helpers ---------------------------------------------------------------------------

    /// <summary>Inserts a new saga with one history row and the given outbox rows; returns the stored row.</summary>
    protected async Task<SagaSnapshot> StartAsync(SagaSnapshot snapshot, params OutboxEntry[] outbox)
    {
        var first = snapshot with { LastSequence = 1 };
        await Store.CommitAsync(Commit(first, 0, [Entry(1, "Initial", first.State, first.CreatedAt)], outbox));
        return await LoadRequiredAsync(first);
    }

    /// <summary>Writes <paramref name="next"/> over <paramref name="current"/> with one history row; returns the stored row.</summary>
    protected async Task<SagaSnapshot> AdvanceAsync(SagaSnapshot current, SagaSnapshot next, params OutboxEntry[] outbox)
    {
        var sequence = current.LastSequence + 1;
        var row = next with { LastSequence = sequence };
        await Store.CommitAsync(Commit(row, current.Version, [Entry(sequence, current.State, row.State, row.UpdatedAt, trigger: "Next")], outbox));
        return await LoadRequiredAsync(row);
    }

    protected async Task<SagaSnapshot> LoadRequiredAsync(SagaSnapshot saga)
    {
        var loaded = await Store.LoadAsync(saga.SagaType, saga.SagaId);
        Assert.NotNull(loaded);
        return loaded;
    }

    private async Task<List<Guid>> UndispatchedIdsAsync() =>
        [.. (await Store.GetUndispatchedAsync(T(1_000_000), 1000)).Select(e => e.Message.MessageId)];

    private async Task<List<Guid>> QueryIdsAsync(SagaQuery query) =>
        [.. (await Store.QueryAsync(query)).Select(s => s.SagaId)];

    private async Task<List<Guid>> ClaimIdsAsync(DateTimeOffset now, int max = 100) =>
        [.. (await Store.ClaimDueDeadlinesAsync(now, Lease, max)).Select(d => d.SagaId)];

    // ---- rows and versions -----------------------------------------------------------------

    [Fact]
    public async Task Load_of_an_unknown_saga_returns_null()
    {
        Assert.Null(await Store.LoadAsync(OrderSaga, Guid.NewGuid()));
    }

    [Fact]
    public async Task Insert_then_load_round_trips_every_field_at_version_1()
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
    public async Task Insert_round_trips_absent_optional_fields()
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
    public async Task Update_with_the_expected_version_replaces_the_row_and_bumps_the_version()
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
    public async Task Update_with_a_stale_version_throws_and_writes_nothing()
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
    public async Task Second_insert_of_an_existing_saga_throws_concurrency()
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
    public async Task Update_of_a_saga_that_does_not_exist_throws_concurrency()
    {
        var saga = Snapshot(Guid.NewGuid()) with { Version = 3, LastSequence = 4 };

        await Assert.ThrowsAsync<SagaConcurrencyException>(() => Store.CommitAsync(Commit(saga, 3, [Entry(4, "A", "B", T(1))])).AsTask());

        Assert.Null(await Store.LoadAsync(OrderSaga, saga.SagaId));
    }

    [Fact]
    public async Task The_same_id_under_two_saga_types_is_two_sagas()
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
    public async Task Concurrent_commits_with_the_same_expected_version_let_exactly_one_win()
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
    public async Task Committed_message_is_in_the_inbox_of_its_consumer_only()
    {
        var messageId = Guid.NewGuid();
        Assert.False(await Store.WasProcessedAsync(OrderSaga, messageId));

        await Store.CommitAsync(Commit(Snapshot(Guid.NewGuid()), 0, [Entry(1, "Initial", "Submitted", T(0))], messageId: messageId));

        Assert.True(await Store.WasProcessedAsync(OrderSaga, messageId));
        Assert.False(await Store.WasProcessedAsync(RefundSaga, messageId));
        Assert.False(await Store.WasProcessedAsync(OrderSaga, Guid.NewGuid()));
    }

    [Fact]
    public async Task Committing_the_same_message_again_throws_duplicate_and_writes_nothing()
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
    public async Task The_same_message_id_for_another_consumer_is_not_a_duplicate()
    {
        var id = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        await Store.CommitAsync(Commit(Snapshot(id, sagaType: OrderSaga), 0, [Entry(1, "Initial", "Submitted", T(0))], messageId: messageId));

        await Store.CommitAsync(Commit(Snapshot(id, "Requested", RefundSaga), 0, [Entry(1, "Initial", "Requested", T(0))], messageId: messageId));

        Assert.True(await Store.WasProcessedAsync(RefundSaga, messageId));
        Assert.Equal("Requested", (await Store.LoadAsync(RefundSaga, id))!.State);
    }

    [Fact]
    public async Task Commit_without_a_snapshot_records_the_message_and_creates_no_saga()
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
    public async Task Commit_without_a_snapshot_leaves_an_existing_saga_unchanged()
    {
        var stored = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(100))));
        var staleTimer = Guid.NewGuid();

        await Store.CommitAsync(new SagaCommit(OrderSaga, staleTimer, null, stored.Version, [], []));

        Assert.True(await Store.WasProcessedAsync(OrderSaga, staleTimer));
        AssertSnapshot(stored, await Store.LoadAsync(OrderSaga, stored.SagaId), version: 1);
        Assert.Single(await Store.GetHistoryAsync(OrderSaga, stored.SagaId));
        Assert.Equal(2, (await AdvanceAsync(stored, stored with { State = "Paid" })).Version);
    }

    // ---- unit of work ----------------------------------------------------------------------

    private ValueTask<ISagaStoreSession> BeginAsync(SagaSnapshot saga, Guid messageId) =>
        Store.BeginAsync(saga.SagaType, saga.SagaId, saga.SagaType, messageId);

    /// <summary>The commit of a message moving the saga to <paramref name="state"/>, built from the session's read as the runtime builds it.</summary>
    private static SagaCommit Next(ISagaStoreSession session, SagaSnapshot template, string state, params OutboxEntry[] outbox)
    {
        var read = session.Snapshot;
        var sequence = (read?.LastSequence ?? 0) + 1;
        var row = (read ?? template) with { State = state, LastSequence = sequence, UpdatedAt = T(100 + (int)sequence) };
        var history = Entry(sequence, read?.State ?? "Initial", state, row.UpdatedAt, trigger: state, messageId: session.MessageId);
        return new SagaCommit(session.Consumer, session.MessageId, row, read?.Version ?? 0, [history], outbox) { Replaces = read };
    }

    /// <summary>Handles one message as the runtime does: a session, its commit, a re-run from a fresh read after a conflict.</summary>
    private async Task HandleAsync(SagaSnapshot saga, Guid messageId, string state)
    {
        for (var attempt = 1; ; attempt++)
        {
            var session = await BeginAsync(saga, messageId).AsTask().WaitAsync(Patience);
            await using (session)
            {
                try
                {
                    await session.CommitAsync(Next(session, saga, state));
                    return;
                }
                catch (SagaConcurrencyException) when (attempt < 5)
                {
                }
            }
        }
    }

    [Fact]
    public async Task Session_for_an_unknown_saga_reads_no_row_and_no_inbox_entry()
    {
        var saga = Snapshot(Guid.NewGuid());
        var messageId = Guid.NewGuid();

        await using var session = await BeginAsync(saga, messageId);

        Assert.Equal((OrderSaga, saga.SagaId, OrderSaga, messageId), (session.SagaType, session.SagaId, session.Consumer, session.MessageId));
        Assert.False(session.AlreadyProcessed);
        Assert.Null(session.Snapshot);
    }

    [Fact]
    public async Task Session_reads_the_stored_row_with_every_field()
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
    public async Task Session_commit_is_durable_and_the_next_session_reads_it()
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
    public async Task Session_of_a_handled_message_is_already_processed_and_its_commit_throws_duplicate()
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
    public async Task Session_disposed_without_a_commit_writes_nothing_and_frees_the_saga()
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
    public async Task Session_whose_commit_conflicts_writes_nothing_and_is_finished()
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
    public async Task Session_refuses_a_commit_for_another_message_or_saga()
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
    public async Task Concurrent_sessions_on_one_saga_lose_no_update()
    {
        var stored = await StartAsync(Snapshot(Guid.NewGuid()));
        var second = Guid.NewGuid();
        var first = await BeginAsync(stored, Guid.NewGuid());
        var rival = Task.Run(() => BeginAsync(stored, second).AsTask());
        var rivalWaited = await Task.WhenAny(rival, Task.Delay(TimeSpan.FromMilliseconds(500))) != rival;
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
    public async Task Many_concurrent_messages_for_one_saga_are_all_applied_once()
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
    public async Task Sessions_racing_to_start_one_saga_let_one_insert_and_the_other_rerun()
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

    [Fact]
    public async Task Rows_marked_dispatched_are_not_swept_again_whatever_the_next_sessions_do()
    {
        var saga = Snapshot(Guid.NewGuid());
        var sent = Send(saga, T(1));
        var waiting = Publish(saga, T(2));
        var stored = await StartAsync(saga, sent, waiting);

        await Store.MarkDispatchedAsync([sent.Message.MessageId], T(3));
        Assert.Equal([waiting.Message.MessageId], await UndispatchedIdsAsync());

        await using (var rolledBack = await BeginAsync(stored, Guid.NewGuid()))
        {
            Assert.Equal([waiting.Message.MessageId], await UndispatchedIdsAsync()); // while a session may be deleting it
        }

        Assert.Equal([waiting.Message.MessageId], await UndispatchedIdsAsync());
        await HandleAsync(stored, Guid.NewGuid(), "Paid");
        Assert.Equal([waiting.Message.MessageId], await UndispatchedIdsAsync());

        await Store.MarkDispatchedAsync([waiting.Message.MessageId], T(4));
        Assert.Empty(await UndispatchedIdsAsync());
    }

    // ---- history ---------------------------------------------------------------------------

    [Fact]
    public async Task History_is_appended_in_sequence_order_with_every_field()
    {
        var saga = Snapshot(Guid.NewGuid());
        var m1 = Guid.NewGuid();
        var m2 = Guid.NewGuid();
        SagaHistoryEntry[] first =
        [
            Entry(1, "Initial", "Submitted", T(0, 1), "SubmitOrder", SagaHistoryKind.Transition, m1),
            Entry(2, "Submitted", "Submitted", T(0, 2), "SubmitOrder", SagaHistoryKind.TaskCreated, m1, "'Check order' for ops, due 2026-01-01T01:00:00Z"),
        ];
        SagaHistoryEntry[] second =
        [
            Entry(3, "Submitted", "Submitted", T(30, 3), "CancelOrder", SagaHistoryKind.Rejected, m2, "CancelOrder is not permitted in Submitted"),
        ];
        SagaHistoryEntry[] third =
        [
            Entry(4, "Submitted", "Submitted", T(60, 4), "Timeout", SagaHistoryKind.TaskEscalated, null, null),
            Entry(5, "Submitted", "Escalated", T(60, 5), "Timeout", SagaHistoryKind.Transition, null, null),
        ];
        await Store.CommitAsync(Commit(saga with { LastSequence = 2 }, 0, first, messageId: m1));
        await Store.CommitAsync(Commit(saga with { LastSequence = 3, Version = 1 }, 1, second, messageId: m2));
        await Store.CommitAsync(Commit(saga with { State = "Escalated", LastSequence = 5, Version = 2 }, 2, third));

        var history = await Store.GetHistoryAsync(OrderSaga, saga.SagaId);

        Assert.Equal([.. first, .. second, .. third], history);
    }

    [Fact]
    public async Task History_of_an_unknown_saga_is_empty()
    {
        await StartAsync(Snapshot(Guid.NewGuid()));

        Assert.Empty(await Store.GetHistoryAsync(OrderSaga, Guid.NewGuid()));
    }

    [Fact]
    public async Task Histories_of_different_sagas_do_not_mix()
    {
        var sharedId = Guid.NewGuid();
        var order = await StartAsync(Snapshot(sharedId, "Submitted", OrderSaga));
        var refund = await StartAsync(Snapshot(sharedId, "Requested", RefundSaga));
        var other = await StartAsync(Snapshot(Guid.NewGuid(), "Placed", OrderSaga));
        await AdvanceAsync(order, order with { State = "Paid", UpdatedAt = T(3) });
        await AdvanceAsync(refund, refund with { State = "Approved", UpdatedAt = T(4) });

        var orderHistory = await Store.GetHistoryAsync(OrderSaga, sharedId);
        var refundHistory = await Store.GetHistoryAsync(RefundSaga, sharedId);
        var otherHistory = await Store.GetHistoryAsync(OrderSaga, other.SagaId);

        Assert.Equal(["Submitted", "Paid"], orderHistory.Select(h => h.To));
        Assert.Equal(["Requested", "Approved"], refundHistory.Select(h => h.To));
        Assert.Equal(["Placed"], otherHistory.Select(h => h.To));
    }

    // ---- outbox ----------------------------------------------------------------------------

    [Fact]
    public async Task Outbox_round_trips_a_publish_and_a_send()
    {
        var saga = Snapshot(Guid.NewGuid());
        var publish = Publish(saga, T(1, 100));
        var send = Send(saga, T(2, 200), "reserve", "inventory");

        await StartAsync(saga, publish, send);
        var rows = await Store.GetUndispatchedAsync(T(10), 10);

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
    public async Task Undispatched_rows_come_oldest_first_within_created_before_and_max()
    {
        var a = Snapshot(Guid.NewGuid());
        var b = Snapshot(Guid.NewGuid());
        var at30 = Send(a, T(30));
        var at10 = Send(b, T(10));
        var at20 = Publish(a, T(20));
        await StartAsync(a, at30);
        await StartAsync(b, at10, at20);

        Assert.Equal([at10.Message.MessageId, at20.Message.MessageId, at30.Message.MessageId], (await Store.GetUndispatchedAsync(T(30), 10)).Select(e => e.Message.MessageId));
        Assert.Equal([at10.Message.MessageId, at20.Message.MessageId], (await Store.GetUndispatchedAsync(T(20), 10)).Select(e => e.Message.MessageId));
        Assert.Equal([at10.Message.MessageId, at20.Message.MessageId], (await Store.GetUndispatchedAsync(T(30), 2)).Select(e => e.Message.MessageId));
        Assert.Empty(await Store.GetUndispatchedAsync(T(9), 10));
    }

    [Fact]
    public async Task Dispatched_rows_are_not_returned_again()
    {
        var saga = Snapshot(Guid.NewGuid());
        var first = Send(saga, T(1));
        var second = Publish(saga, T(2));
        var third = Send(saga, T(3), "charge", "payments");
        await StartAsync(saga, first, second, third);

        await Store.MarkDispatchedAsync([first.Message.MessageId, third.Message.MessageId], T(4));

        Assert.Equal([second.Message.MessageId], await UndispatchedIdsAsync());
        await Store.MarkDispatchedAsync([second.Message.MessageId], T(5));
        Assert.Empty(await UndispatchedIdsAsync());
    }

    // ---- human task decisions --------------------------------------------------------------

    private static HumanTaskDecision Decide(HumanTask task, HumanTaskStatus status = HumanTaskStatus.Approved, string by = "alice", DateTimeOffset? at = null)
    {
        var when = at ?? T(30, 250);
        var message = new OutgoingMessage(Guid.NewGuid(), typeof(HumanTaskCompleted), new HumanTaskCompleted(task.SagaType, task.SagaId, task.TaskId, status == HumanTaskStatus.Approved, by, "comment"), "refund-saga");
        return new HumanTaskDecision(task.TaskId, status, by, when, new OutboxEntry(task.SagaType, task.SagaId, message, when));
    }

    private async Task<(SagaSnapshot Saga, HumanTask Task)> WaitingForAPersonAsync()
    {
        var saga = Snapshot(Guid.NewGuid(), sagaType: RefundSaga, state: "AwaitingApproval");
        var task = OpenTask(saga, "finance-manager", T(50));
        return (await StartAsync(saga with { Task = task }), task);
    }

    [Fact]
    public async Task A_decision_closes_the_open_task_and_puts_its_message_in_the_outbox()
    {
        var (saga, task) = await WaitingForAPersonAsync();
        var decision = Decide(task);

        var result = await Store.TryDecideTaskAsync(decision);

        Assert.Equal(new HumanTaskDecisionResult(true, HumanTaskStatus.Approved), result);
        Assert.True(result.InOutbox);
        Assert.Equal(task with { Status = HumanTaskStatus.Approved, DecidedBy = "alice", ClosedAt = decision.At }, await Store.GetTaskAsync(task.TaskId));
        Assert.Empty(await Store.GetOpenTasksAsync(null));
        var row = Assert.Single(await Store.GetUndispatchedAsync(T(1_000_000), 10));
        AssertOutbox(decision.Message, row);
        AssertSnapshot(saga, await Store.LoadAsync(RefundSaga, saga.SagaId), version: 1); // the saga row is the saga's to change
    }

    [Fact]
    public async Task A_decision_on_an_unknown_task_decides_nothing_and_writes_nothing()
    {
        await WaitingForAPersonAsync();
        var stranger = OpenTask(Snapshot(Guid.NewGuid(), sagaType: RefundSaga), "finance-manager", T(50));

        var result = await Store.TryDecideTaskAsync(Decide(stranger));

        Assert.Equal(new HumanTaskDecisionResult(false, null), result);
        Assert.Empty(await UndispatchedIdsAsync());
        Assert.Null(await Store.GetTaskAsync(stranger.TaskId));
    }

    [Fact]
    public async Task A_decision_on_a_closed_task_finds_its_status_and_writes_nothing()
    {
        var (saga, task) = await WaitingForAPersonAsync();
        var expired = task with { Status = HumanTaskStatus.Expired, ClosedAt = T(50) };
        await AdvanceAsync(saga, saga with { State = "Expired", UpdatedAt = T(50), Task = expired });

        var result = await Store.TryDecideTaskAsync(Decide(task, HumanTaskStatus.Rejected, by: "bob"));

        Assert.Equal(new HumanTaskDecisionResult(false, HumanTaskStatus.Expired), result);
        Assert.Equal(expired, await Store.GetTaskAsync(task.TaskId));
        Assert.Empty(await UndispatchedIdsAsync());
    }

    [Fact]
    public async Task Concurrent_decisions_on_one_task_let_exactly_one_win()
    {
        const int contenders = 10;
        var (_, task) = await WaitingForAPersonAsync();
        var decisions = Enumerable.Range(0, contenders)
            .Select(i => Decide(task, i % 2 == 0 ? HumanTaskStatus.Approved : HumanTaskStatus.Rejected, by: "person" + i, at: T(30 + i)))
            .ToList();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racing = decisions.Select(decision => Task.Run(async () =>
        {
            await gate.Task;
            return await Store.TryDecideTaskAsync(decision).AsTask().WaitAsync(Patience);
        })).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(racing);

        Assert.Equal(1, results.Count(r => r.Decided));
        var winner = decisions[Array.FindIndex(results, r => r.Decided)];
        Assert.Equal(winner.Status, results.Single(r => r.Decided).Status);
        Assert.All(results.Where(r => !r.Decided), r => Assert.Equal(winner.Status, r.Status));
        var stored = await Store.GetTaskAsync(task.TaskId);
        Assert.Equal((winner.Status, winner.By, (DateTimeOffset?)winner.At), (stored!.Status, stored.DecidedBy, stored.ClosedAt));
        Assert.Equal([winner.Message.Message.MessageId], await UndispatchedIdsAsync());
    }

    [Fact]
    public async Task A_decided_message_marked_dispatched_is_not_swept_again()
    {
        var (_, task) = await WaitingForAPersonAsync();
        var decision = Decide(task);
        await Store.TryDecideTaskAsync(decision);

        await Store.MarkDispatchedAsync([decision.Message.Message.MessageId], T(31));

        Assert.Empty(await UndispatchedIdsAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_saga_applying_the_decision_leaves_the_task_as_decided(bool withReplaces)
    {
        var (saga, task) = await WaitingForAPersonAsync();
        var decision = Decide(task);
        await Store.TryDecideTaskAsync(decision);
        var decided = task with { Status = HumanTaskStatus.Approved, DecidedBy = "alice", ClosedAt = T(40) }; // the saga's own clock

        var commit = Commit(saga with { State = "Approved", LastSequence = 2, UpdatedAt = T(40), Task = decided }, 1, [Entry(2, "AwaitingApproval", "Approved", T(40), "Approved")]);
        await Store.CommitAsync((withReplaces ? commit with { Replaces = saga } : commit) with { DecidedTaskId = task.TaskId });

        Assert.Equal(decided, await Store.GetTaskAsync(task.TaskId));
        Assert.Equal(decided, (await Store.LoadAsync(RefundSaga, saga.SagaId))!.Task);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_decision_the_saga_turns_down_leaves_the_task_as_the_saga_has_it(bool withReplaces)
    {
        var (saga, task) = await WaitingForAPersonAsync();
        await Store.TryDecideTaskAsync(Decide(task));

        // A guard turned the approval down: the step only records a rejected trigger, the task stays open.
        var commit = Commit(saga with { LastSequence = 2, UpdatedAt = T(40) }, 1, [Entry(2, "AwaitingApproval", "AwaitingApproval", T(40), "HumanTaskCompleted", SagaHistoryKind.Rejected)]);
        await Store.CommitAsync((withReplaces ? commit with { Replaces = saga } : commit) with { DecidedTaskId = task.TaskId });

        Assert.Equal(task, await Store.GetTaskAsync(task.TaskId));
        Assert.Equal([task.TaskId], (await Store.GetOpenTasksAsync("finance-manager")).Select(t => t.TaskId));
        Assert.True((await Store.TryDecideTaskAsync(Decide(task, HumanTaskStatus.Rejected, by: "bob", at: T(41)))).Decided);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_task_the_saga_expires_after_a_decision_ends_expired(bool withReplaces)
    {
        var (saga, task) = await WaitingForAPersonAsync();
        await Store.TryDecideTaskAsync(Decide(task));

        // The expiry reached the saga before the decision: the saga closes the task as Expired ...
        var expired = task with { Status = HumanTaskStatus.Expired, ClosedAt = T(50) };
        var expiry = Commit(saga with { State = "Expired", LastSequence = 2, UpdatedAt = T(50), Task = expired }, 1, [Entry(2, "AwaitingApproval", "Expired", T(50), "Expired")]);
        await Store.CommitAsync(withReplaces ? expiry with { Replaces = saga } : expiry);
        Assert.Equal(expired, await Store.GetTaskAsync(task.TaskId));

        // ... and then turns the late decision down, the task unchanged.
        var stored = await LoadRequiredAsync(saga);
        var late = Commit(stored with { LastSequence = 3, UpdatedAt = T(51) }, 2, [Entry(3, "Expired", "Expired", T(51), "HumanTaskCompleted", SagaHistoryKind.Rejected)]);
        await Store.CommitAsync((withReplaces ? late with { Replaces = stored } : late) with { DecidedTaskId = task.TaskId });

        Assert.Equal(expired, await Store.GetTaskAsync(task.TaskId));
        Assert.Empty(await Store.GetOpenTasksAsync(null));
    }

    [Fact]
    public async Task A_later_commit_of_the_saga_that_does_not_touch_the_task_keeps_the_decision()
    {
        var (saga, task) = await WaitingForAPersonAsync();
        await Store.TryDecideTaskAsync(Decide(task));

        // Another message reached the saga before the decision (its state ignores it): the task is not written.
        var ignored = Commit(saga with { LastSequence = 2, UpdatedAt = T(35) }, 1, [Entry(2, "AwaitingApproval", "AwaitingApproval", T(35), "Ping", SagaHistoryKind.Ignored)]) with { Replaces = saga };
        await Store.CommitAsync(ignored);

        Assert.Equal(HumanTaskStatus.Approved, (await Store.GetTaskAsync(task.TaskId))!.Status);
        Assert.False((await Store.TryDecideTaskAsync(Decide(task, HumanTaskStatus.Rejected, by: "bob"))).Decided);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_escalation_committed_after_a_decision_keeps_the_decision(bool withReplaces)
    {
        // The fault suite's hosts-3: the escalation timeout and an approval raced; the escalation's commit wrote the
        // saga's "Open" over the decision's close, and a second decision of the same task was accepted.
        var (saga, task) = await WaitingForAPersonAsync();
        await Store.TryDecideTaskAsync(Decide(task));

        var escalated = task with { Assignee = "finance-director", Escalated = true };
        var escalation = Commit(saga with { LastSequence = 2, UpdatedAt = T(45), Task = escalated }, 1, [Entry(2, "AwaitingApproval", "AwaitingApproval", T(45), "Timeout", SagaHistoryKind.TaskEscalated)]);
        await Store.CommitAsync(withReplaces ? escalation with { Replaces = saga } : escalation);

        var stored = await Store.GetTaskAsync(task.TaskId);
        Assert.Equal((HumanTaskStatus.Approved, "alice", "finance-director", true), (stored!.Status, stored.DecidedBy, stored.Assignee, stored.Escalated));
        Assert.False((await Store.TryDecideTaskAsync(Decide(task, HumanTaskStatus.Rejected, by: "bob", at: T(46)))).Decided);
        Assert.Empty(await Store.GetOpenTasksAsync(null));
    }

    // ---- deadlines -------------------------------------------------------------------------

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_task_replaced_by_a_new_one_is_no_longer_listed_as_open(bool withReplaces)
    {
        var saga = Snapshot(Guid.NewGuid(), sagaType: RefundSaga, state: "AwaitingApproval");
        var first = OpenTask(saga, "finance-manager", T(50));
        var started = await StartAsync(saga with { Task = first });
        var second = OpenTask(saga, "finance-manager", T(90), name: "Approve again");

        var commit = Commit(started with { LastSequence = 2, UpdatedAt = T(20), Task = second }, 1, [Entry(2, "AwaitingApproval", "AwaitingApproval", T(20), "Rework")]);
        await Store.CommitAsync(withReplaces ? commit with { Replaces = started } : commit);

        Assert.Equal([second.TaskId], (await Store.GetOpenTasksAsync("finance-manager")).Select(t => t.TaskId));
    }

    [Fact]
    public async Task Next_deadline_is_the_earliest_one_nobody_holds()
    {
        Assert.Null(await Store.NextDeadlineAsync(T(0)));
        var at20 = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(20))));
        await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(30))));
        await StartAsync(Snapshot(Guid.NewGuid()));

        Assert.Equal(T(20), await Store.NextDeadlineAsync(T(0)));
        Assert.Equal([at20.SagaId], await ClaimIdsAsync(T(25), max: 1));
        Assert.Equal(T(30), await Store.NextDeadlineAsync(T(25)));
        Assert.Equal(T(20), await Store.NextDeadlineAsync(T(25) + Lease));
    }

    [Fact]
    public async Task Next_deadline_of_some_saga_types_ignores_the_others()
    {
        await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(10))));
        await StartAsync(Snapshot(Guid.NewGuid(), sagaType: RefundSaga, deadline: Deadline(T(40))));

        Assert.Equal(T(40), await Store.NextDeadlineAsync(T(0), [RefundSaga]));
        Assert.Null(await Store.NextDeadlineAsync(T(0), []));
    }

    [Fact]
    public async Task Claim_for_some_saga_types_leaves_the_others_claimable()
    {
        var order = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(10))));
        var refund = await StartAsync(Snapshot(Guid.NewGuid(), sagaType: RefundSaga, deadline: Deadline(T(10))));

        var refunds = await Store.ClaimDueDeadlinesAsync(T(100), Lease, 10, [RefundSaga]);
        var none = await Store.ClaimDueDeadlinesAsync(T(100), Lease, 10, []);
        var rest = await Store.ClaimDueDeadlinesAsync(T(100), Lease, 10);

        Assert.Equal([refund.SagaId], refunds.Select(d => d.SagaId));
        Assert.Empty(none);
        Assert.Equal([order.SagaId], rest.Select(d => d.SagaId));
    }

    [Fact]
    public async Task Claim_returns_due_deadlines_by_due_time_up_to_max()
    {
        var at20 = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(20), SagaDeadlineKind.TaskExpiry)));
        var atNow = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(100))));
        var at10 = await StartAsync(Snapshot(Guid.NewGuid(), sagaType: RefundSaga, deadline: Deadline(T(10), SagaDeadlineKind.TaskEscalation)));
        await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(100, 1))));
        await StartAsync(Snapshot(Guid.NewGuid()));

        var firstBatch = await Store.ClaimDueDeadlinesAsync(T(100), Lease, 2);
        var secondBatch = await Store.ClaimDueDeadlinesAsync(T(100), Lease, 10);

        Assert.Equal([new DueDeadline(RefundSaga, at10.SagaId, at10.Deadline!), new DueDeadline(OrderSaga, at20.SagaId, at20.Deadline!)], firstBatch);
        Assert.Equal([new DueDeadline(OrderSaga, atNow.SagaId, atNow.Deadline!)], secondBatch);
        Assert.Empty(await Store.ClaimDueDeadlinesAsync(T(100), Lease, 10));
    }

    [Fact]
    public async Task Claimed_deadline_is_not_handed_out_again_before_the_lease_ends()
    {
        var saga = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(50))));

        Assert.Equal([saga.SagaId], await ClaimIdsAsync(T(100)));

        Assert.Empty(await ClaimIdsAsync(T(100)));
        Assert.Empty(await ClaimIdsAsync(T(159, 999_999)));
    }

    [Fact]
    public async Task Claimed_deadline_is_handed_out_again_once_the_lease_ends()
    {
        var saga = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(50))));
        Assert.Equal([saga.SagaId], await ClaimIdsAsync(T(100)));

        var again = await Store.ClaimDueDeadlinesAsync(T(100) + Lease, Lease, 10);

        Assert.Equal([new DueDeadline(OrderSaga, saga.SagaId, saga.Deadline!)], again);
        Assert.Empty(await ClaimIdsAsync(T(100) + Lease));
    }

    [Fact]
    public async Task Update_that_keeps_the_deadline_keeps_the_claim()
    {
        var saga = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(50))));
        Assert.Equal([saga.SagaId], await ClaimIdsAsync(T(100)));

        await AdvanceAsync(saga, saga with { JoinArrivals = ["StockReserved"], UpdatedAt = T(101) });

        Assert.Empty(await ClaimIdsAsync(T(102)));
    }

    [Fact]
    public async Task Replaced_deadline_is_claimable_at_once()
    {
        var saga = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(50))));
        Assert.Equal([saga.SagaId], await ClaimIdsAsync(T(100)));
        var replacement = Deadline(T(100), SagaDeadlineKind.TaskExpiry);

        await AdvanceAsync(saga, saga with { State = "Escalated", Deadline = replacement, UpdatedAt = T(101) });
        var claimed = await Store.ClaimDueDeadlinesAsync(T(101), Lease, 10);

        Assert.Equal([new DueDeadline(OrderSaga, saga.SagaId, replacement)], claimed);
    }

    [Fact]
    public async Task Cleared_deadline_is_never_claimed()
    {
        var claimed = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(50))));
        var unclaimed = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(60))));
        Assert.Equal([claimed.SagaId], await ClaimIdsAsync(T(55)));

        await AdvanceAsync(claimed, claimed with { State = "Completed", IsFinal = true, Deadline = null, UpdatedAt = T(70) });
        await AdvanceAsync(unclaimed, unclaimed with { State = "Paid", Deadline = null, UpdatedAt = T(70) });

        Assert.Empty(await ClaimIdsAsync(T(1000)));
    }

    [Fact]
    public async Task Sagas_without_a_deadline_are_never_claimed()
    {
        await StartAsync(Snapshot(Guid.NewGuid(), "Completed") with { IsFinal = true });
        await StartAsync(Snapshot(Guid.NewGuid(), "Submitted"));

        Assert.Empty(await ClaimIdsAsync(T(1_000_000)));
    }

    [Fact]
    public async Task Concurrent_claims_never_hand_out_a_deadline_twice()
    {
        const int sagas = 200;
        var ids = new List<Guid>();
        for (var i = 0; i < sagas; i++)
        {
            ids.Add((await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(i % 37))))).SagaId);
        }

        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var claimers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
        {
            await gate.Task;
            var mine = new List<Guid>();
            while (true)
            {
                var batch = await Store.ClaimDueDeadlinesAsync(T(100), TimeSpan.FromMinutes(5), 50);
                Assert.InRange(batch.Count, 0, 50);
                if (batch.Count == 0)
                {
                    return mine;
                }

                mine.AddRange(batch.Select(d => d.SagaId));
                await Task.Yield();
            }
        })).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(claimers);

        var all = results.SelectMany(r => r).ToList();
        Assert.Equal(sagas, all.Count);
        Assert.Equal(ids.Order(), all.Order());
    }

    // ---- queries ---------------------------------------------------------------------------

    private async Task<(SagaSnapshot Refund, SagaSnapshot Submitted, SagaSnapshot Shipping, SagaSnapshot Completed)> SeedQueryAsync()
    {
        var completed = await StartAsync(Snapshot(Guid.NewGuid(), "Completed", OrderSaga, T(30)) with { IsFinal = true });
        var submitted = await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", OrderSaga, T(10), Deadline(T(100))));
        var refund = await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", RefundSaga, T(5), Deadline(T(50))));
        var shipping = await StartAsync(Snapshot(Guid.NewGuid(), "Shipping", OrderSaga, T(20), Deadline(T(300))));
        return (refund, submitted, shipping, completed);
    }

    [Fact]
    public async Task Query_without_filters_returns_every_saga_most_recently_changed_first()
    {
        var (refund, submitted, shipping, completed) = await SeedQueryAsync();

        var rows = await Store.QueryAsync(new SagaQuery());

        Assert.Equal([completed.SagaId, shipping.SagaId, submitted.SagaId, refund.SagaId], rows.Select(r => r.SagaId));
        AssertSnapshot(shipping, rows[1], version: 1);
    }

    [Fact]
    public async Task Query_orders_by_the_last_change_not_by_the_start()
    {
        var (refund, submitted, shipping, completed) = await SeedQueryAsync();
        await AdvanceAsync(refund, refund with { State = "Approved", UpdatedAt = T(40) });
        await AdvanceAsync(submitted, submitted with { State = "Reserving", UpdatedAt = T(25) });

        Assert.Equal([refund.SagaId, completed.SagaId, submitted.SagaId, shipping.SagaId], await QueryIdsAsync(new SagaQuery()));
    }

    [Fact]
    public async Task Query_breaks_a_tie_of_the_change_time_by_saga_id_descending()
    {
        // The ids differ in their first group in an order that little-endian byte order would invert: the order is
        // the ids' text order on every store (PostgreSQL uuid, SQLite text, Guid.CompareTo alike).
        Guid[] ids = [Guid.Parse("00000001-0000-0000-0000-00000000000c"), Guid.Parse("01000000-0000-0000-0000-00000000000a"), Guid.Parse("00000100-0000-0000-0000-00000000000b")];
        foreach (var id in ids)
        {
            await StartAsync(Snapshot(id, createdAt: T(7)));
        }

        Assert.Equal([ids[1], ids[2], ids[0]], await QueryIdsAsync(new SagaQuery()));
        Assert.Equal([ids[1], ids[2]], await QueryIdsAsync(new SagaQuery { Limit = 2 }));
    }

    [Fact]
    public async Task Query_filters_by_saga_type_state_and_final()
    {
        var (refund, submitted, shipping, completed) = await SeedQueryAsync();

        Assert.Equal([completed.SagaId, shipping.SagaId, submitted.SagaId], await QueryIdsAsync(new SagaQuery { SagaType = OrderSaga }));
        Assert.Equal([submitted.SagaId, refund.SagaId], await QueryIdsAsync(new SagaQuery { State = "Submitted" }));
        Assert.Equal([submitted.SagaId], await QueryIdsAsync(new SagaQuery { SagaType = OrderSaga, State = "Submitted" }));
        Assert.Equal([shipping.SagaId, submitted.SagaId], await QueryIdsAsync(new SagaQuery { SagaType = OrderSaga, IncludeFinal = false }));
        Assert.Empty(await QueryIdsAsync(new SagaQuery { SagaType = "NoSuchSaga" }));
    }

    [Fact]
    public async Task Query_filters_by_start_time_and_overdue_deadline_inclusively()
    {
        var (refund, submitted, shipping, _) = await SeedQueryAsync();

        Assert.Equal([shipping.SagaId, submitted.SagaId, refund.SagaId], await QueryIdsAsync(new SagaQuery { StartedBefore = T(20) }));
        Assert.Equal([refund.SagaId], await QueryIdsAsync(new SagaQuery { StartedBefore = T(9) }));
        Assert.Equal([submitted.SagaId, refund.SagaId], await QueryIdsAsync(new SagaQuery { OverdueAt = T(100) }));
        Assert.Equal([submitted.SagaId], await QueryIdsAsync(new SagaQuery { OverdueAt = T(100), SagaType = OrderSaga }));
        Assert.Empty(await QueryIdsAsync(new SagaQuery { OverdueAt = T(49) }));
    }

    [Fact]
    public async Task Query_honours_the_limit_keeping_the_most_recently_changed()
    {
        var (_, _, shipping, completed) = await SeedQueryAsync();

        Assert.Equal([completed.SagaId, shipping.SagaId], await QueryIdsAsync(new SagaQuery { Limit = 2 }));
    }

    // ---- human tasks -----------------------------------------------------------------------

    [Fact]
    public async Task Task_is_found_by_id_as_of_the_latest_commit()
    {
        var saga = Snapshot(Guid.NewGuid(), "AwaitingApproval", RefundSaga);
        var open = OpenTask(saga, "finance", T(3600)) with { EscalateTo = "finance-lead" };
        var started = await StartAsync(saga with { Task = open });
        Assert.Equal(open, await Store.GetTaskAsync(open.TaskId));

        var approved = open with { Status = HumanTaskStatus.Approved, DecidedBy = "alice", ClosedAt = T(120, 5) };
        await AdvanceAsync(started, started with { State = "Approved", Task = approved, UpdatedAt = T(120, 5) });

        Assert.Equal(approved, await Store.GetTaskAsync(open.TaskId));
        Assert.Empty(await Store.GetOpenTasksAsync("finance"));
    }

    [Fact]
    public async Task Open_tasks_are_listed_by_due_time_for_an_assignee_or_all()
    {
        async Task<HumanTask> WithTaskAsync(string assignee, DateTimeOffset dueAt, HumanTaskStatus status = HumanTaskStatus.Open)
        {
            var saga = Snapshot(Guid.NewGuid(), "AwaitingApproval", RefundSaga);
            var task = OpenTask(saga, assignee, dueAt) with { Status = status };
            await StartAsync(saga with { Task = task });
            return task;
        }

        var finance300 = await WithTaskAsync("finance", T(300));
        var finance100 = await WithTaskAsync("finance", T(100));
        var ops200 = await WithTaskAsync("ops", T(200));
        await WithTaskAsync("finance", T(50), HumanTaskStatus.Approved);
        await WithTaskAsync("ops", T(60), HumanTaskStatus.Expired);
        await StartAsync(Snapshot(Guid.NewGuid()));

        Assert.Equal([finance100, finance300], await Store.GetOpenTasksAsync("finance"));
        Assert.Equal([finance100, ops200, finance300], await Store.GetOpenTasksAsync(null));
        Assert.Empty(await Store.GetOpenTasksAsync("nobody"));
    }

    [Fact]
    public async Task Unknown_task_id_gives_null()
    {
        var saga = Snapshot(Guid.NewGuid(), "AwaitingApproval", RefundSaga);
        await StartAsync(saga with { Task = OpenTask(saga, "finance", T(100)) });

        Assert.Null(await Store.GetTaskAsync(Guid.NewGuid()));
    }
}
