using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.Contract;

/// <summary>
/// The operator side of the <see cref="ISagaQueryStore"/> contract: the filters on saga id, start and change time,
/// parked, stuck and search values; both orders with their keyset cursor; the new row fields through the unit of work;
/// and the counts per state.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class SagaQueryPagingContract<TStore> : SagaStoreContract<TStore>
    where TStore : IStoreUnderTest, new()
{
    /// <summary>The role under test.</summary>
    private ISagaQueryStore Queries => Store;

    private async Task<List<Guid>> QueryIdsAsync(SagaQuery query) =>
        [.. (await Queries.QueryAsync(query)).Select(s => s.SagaId)];

    private static SagaSnapshot Changed(SagaSnapshot saga, DateTimeOffset updatedAt) => saga with { UpdatedAt = updatedAt };

    private static Dictionary<string, string> Values(params (string Key, string Value)[] pairs) => pairs.ToDictionary(p => p.Key, p => p.Value);

    // ---- filters, each alone -----------------------------------------------------------------

    [Fact]
    public async Task QueryAsync_SagaId_ReturnsThatSagaOfEveryType()
    {
        var shared = Guid.NewGuid();
        var order = await StartAsync(Snapshot(shared, "Submitted", OrderSaga, T(10)));
        var refund = await StartAsync(Snapshot(shared, "Requested", RefundSaga, T(10)));
        await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", OrderSaga, T(20)));

        var rows = await Queries.QueryAsync(new SagaQuery { SagaId = shared });

        Assert.Equal([(OrderSaga, shared), (RefundSaga, shared)], rows.Select(r => (r.SagaType, r.SagaId)));
        Assert.Single(await Queries.QueryAsync(new SagaQuery { SagaId = shared, SagaType = RefundSaga }));
        Assert.Empty(await Queries.QueryAsync(new SagaQuery { SagaId = Guid.NewGuid() }));
        Assert.Equal(order.State, rows[0].State);
        Assert.Equal(refund.State, rows[1].State);
    }

    [Fact]
    public async Task QueryAsync_StartedAfter_KeepsSagasStartedAtOrAfterIt()
    {
        var early = await StartAsync(Snapshot(Guid.NewGuid(), createdAt: T(10)));
        var middle = await StartAsync(Snapshot(Guid.NewGuid(), createdAt: T(20)));
        var late = await StartAsync(Snapshot(Guid.NewGuid(), createdAt: T(30)));

        Assert.Equal([late.SagaId, middle.SagaId], await QueryIdsAsync(new SagaQuery { StartedAfter = T(20) }));
        Assert.Equal([late.SagaId, middle.SagaId, early.SagaId], await QueryIdsAsync(new SagaQuery { StartedAfter = T(10) }));
        Assert.Empty(await QueryIdsAsync(new SagaQuery { StartedAfter = T(31) }));
    }

    [Fact]
    public async Task QueryAsync_UpdatedBefore_KeepsSagasChangedAtOrBeforeIt()
    {
        var (early, middle, _) = await SeedChangesAsync();

        Assert.Equal([middle.SagaId, early.SagaId], await QueryIdsAsync(new SagaQuery { UpdatedBefore = T(200) }));
        Assert.Equal([early.SagaId], await QueryIdsAsync(new SagaQuery { UpdatedBefore = T(199) }));
        Assert.Empty(await QueryIdsAsync(new SagaQuery { UpdatedBefore = T(99) }));
    }

    [Fact]
    public async Task QueryAsync_UpdatedAfter_KeepsSagasChangedAtOrAfterIt()
    {
        var (_, middle, late) = await SeedChangesAsync();

        Assert.Equal([late.SagaId, middle.SagaId], await QueryIdsAsync(new SagaQuery { UpdatedAfter = T(200) }));
        Assert.Equal([late.SagaId], await QueryIdsAsync(new SagaQuery { UpdatedAfter = T(201) }));
        Assert.Empty(await QueryIdsAsync(new SagaQuery { UpdatedAfter = T(301) }));
    }

    /// <summary>Three sagas started in one order and changed in another (changed at 100, 200, 300).</summary>
    private async Task<(SagaSnapshot Early, SagaSnapshot Middle, SagaSnapshot Late)> SeedChangesAsync()
    {
        var a = await StartAsync(Snapshot(Guid.NewGuid(), createdAt: T(30)));
        var b = await StartAsync(Snapshot(Guid.NewGuid(), createdAt: T(10)));
        var c = await StartAsync(Snapshot(Guid.NewGuid(), createdAt: T(20)));
        return (await AdvanceAsync(a, Changed(a, T(100))), await AdvanceAsync(b, Changed(b, T(200))), await AdvanceAsync(c, Changed(c, T(300))));
    }

    [Fact]
    public async Task QueryAsync_Parked_KeepsParkedOrUnparkedSagas()
    {
        var parked = await StartAsync(Snapshot(Guid.NewGuid(), "Failed", createdAt: T(10)) with { IsParked = true });
        var running = await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", createdAt: T(20)));

        Assert.Equal([parked.SagaId], await QueryIdsAsync(new SagaQuery { Parked = true }));
        Assert.Equal([running.SagaId], await QueryIdsAsync(new SagaQuery { Parked = false }));
        Assert.Equal([running.SagaId, parked.SagaId], await QueryIdsAsync(new SagaQuery()));
    }

    [Fact]
    public async Task QueryAsync_StuckAt_FindsParkedPastDeadlineAndPastExpectationSagas()
    {
        var parked = await StartAsync(Snapshot(Guid.NewGuid(), "Failed", createdAt: T(10)) with { IsParked = true });
        var pastDeadline = await StartAsync(Snapshot(Guid.NewGuid(), "Reserving", createdAt: T(20), deadline: Deadline(T(100))));
        var pastExpectation = await StartAsync(Snapshot(Guid.NewGuid(), "Shipping", createdAt: T(30)) with { ExpectedBy = T(100) });
        var onTime = await StartAsync(Snapshot(Guid.NewGuid(), "Paying", createdAt: T(40), deadline: Deadline(T(101))) with { ExpectedBy = T(101) });

        Assert.Equal([pastExpectation.SagaId, pastDeadline.SagaId, parked.SagaId], await QueryIdsAsync(new SagaQuery { StuckAt = T(100) }));
        Assert.Equal([parked.SagaId], await QueryIdsAsync(new SagaQuery { StuckAt = T(99) }));
        Assert.Equal([onTime.SagaId, pastExpectation.SagaId, pastDeadline.SagaId, parked.SagaId], await QueryIdsAsync(new SagaQuery { StuckAt = T(101) }));
    }

    [Fact]
    public async Task QueryAsync_StuckAt_SkipsFinalSagasPastTheirDeadlineOrExpectation()
    {
        var done = await StartAsync(Snapshot(Guid.NewGuid(), "Completed", createdAt: T(10), deadline: Deadline(T(50))) with { IsFinal = true, ExpectedBy = T(50) });
        var stuck = await StartAsync(Snapshot(Guid.NewGuid(), "Reserving", createdAt: T(20), deadline: Deadline(T(50))));

        Assert.Equal([stuck.SagaId], await QueryIdsAsync(new SagaQuery { StuckAt = T(100) }));
        Assert.Equal([stuck.SagaId, done.SagaId], await QueryIdsAsync(new SagaQuery { OverdueAt = T(100) }));
    }

    [Fact]
    public async Task QueryAsync_SearchOnePair_FindsSagasHoldingIt()
    {
        var (alice, aliceAgain, bob, _) = await SeedSearchAsync();

        Assert.Equal([aliceAgain.SagaId, alice.SagaId], await QueryIdsAsync(new SagaQuery { Search = Values(("customerId", "alice")) }));
        Assert.Equal([bob.SagaId], await QueryIdsAsync(new SagaQuery { Search = Values(("customerId", "O'Brien \"Zoë\"")) }));
        Assert.Empty(await QueryIdsAsync(new SagaQuery { Search = Values(("customerId", "Alice")) }));
        Assert.Empty(await QueryIdsAsync(new SagaQuery { Search = Values(("region", "alice")) }));
    }

    [Fact]
    public async Task QueryAsync_SearchTwoPairs_FindsOnlySagasHoldingBoth()
    {
        var (alice, aliceAgain, _, _) = await SeedSearchAsync();

        Assert.Equal([aliceAgain.SagaId], await QueryIdsAsync(new SagaQuery { Search = Values(("customerId", "alice"), ("region", "north")) }));
        Assert.Equal([alice.SagaId], await QueryIdsAsync(new SagaQuery { Search = Values(("customerId", "alice"), ("region", "south")) }));
        Assert.Empty(await QueryIdsAsync(new SagaQuery { Search = Values(("customerId", "alice"), ("region", "east")) }));
    }

    /// <summary>Sagas with search values (one value with quotes and non-ASCII letters), and one without any.</summary>
    private async Task<(SagaSnapshot Alice, SagaSnapshot AliceAgain, SagaSnapshot Bob, SagaSnapshot Plain)> SeedSearchAsync()
    {
        var alice = await StartAsync(Snapshot(Guid.NewGuid(), createdAt: T(10)) with { SearchValues = Values(("customerId", "alice"), ("region", "south")) });
        var aliceAgain = await StartAsync(Snapshot(Guid.NewGuid(), createdAt: T(20)) with { SearchValues = Values(("customerId", "alice"), ("region", "north")) });
        var bob = await StartAsync(Snapshot(Guid.NewGuid(), createdAt: T(30)) with { SearchValues = Values(("customerId", "O'Brien \"Zoë\""), ("region", "north")) });
        var plain = await StartAsync(Snapshot(Guid.NewGuid(), createdAt: T(40)));
        return (alice, aliceAgain, bob, plain);
    }

    // ---- orders and the cursor ---------------------------------------------------------------

    [Fact]
    public async Task QueryAsync_NewestStartedWithCursor_PagesEveryRowOnceInOrder() =>
        await AssertPagesAsync(SagaQueryOrder.NewestStarted, s => s.CreatedAt);

    [Fact]
    public async Task QueryAsync_RecentlyUpdatedWithCursor_PagesEveryRowOnceInOrder() =>
        await AssertPagesAsync(SagaQueryOrder.RecentlyUpdated, s => s.UpdatedAt);

    /// <summary>
    /// 25 rows whose start times tie in fours and whose change times tie in threes to fives, in an order unlike the
    /// start's (each page ends inside a tie), and one saga id shared by both saga types at the same times; pages of 10
    /// follow each other by cursor.
    /// </summary>
    private async Task AssertPagesAsync(SagaQueryOrder order, Func<SagaSnapshot, DateTimeOffset> key)
    {
        var shared = Guid.NewGuid();
        var written = new List<SagaSnapshot>();
        for (var i = 0; i < 25; i++)
        {
            var type = i == 24 ? RefundSaga : OrderSaga;
            var id = i is 23 or 24 ? shared : Guid.NewGuid();
            var created = T(i is 24 ? 23 / 4 : i / 4);
            var updated = T(i is 24 ? 1000 - (23 % 7) : 1000 - (i % 7));
            written.Add(await StartAsync(Snapshot(id, "Submitted", type, created) with { UpdatedAt = updated }));
        }

        var expected = written
            .OrderByDescending(key)
            .ThenByDescending(s => s.SagaId)
            .ThenBy(s => s.SagaType, StringComparer.Ordinal)
            .Select(s => (s.SagaType, s.SagaId))
            .ToList();

        var pages = new List<IReadOnlyList<SagaSnapshot>>();
        SagaQueryCursor? after = null;
        for (var page = 0; page < 5; page++)
        {
            var rows = await Queries.QueryAsync(new SagaQuery { Order = order, After = after, Limit = 10 });
            pages.Add(rows);
            if (rows.Count == 0)
            {
                break;
            }

            after = SagaQueryCursor.After(rows[^1], order);
        }

        Assert.Equal([10, 10, 5, 0], pages.Select(p => p.Count));
        Assert.Equal(expected, pages.SelectMany(p => p).Select(s => (s.SagaType, s.SagaId)));
    }

    [Theory]
    [InlineData(SagaQueryOrder.NewestStarted)]
    [InlineData(SagaQueryOrder.RecentlyUpdated)]
    public async Task QueryAsync_CursorOnASagaIdOfTwoTypes_ContinuesWithTheNextType(SagaQueryOrder order)
    {
        var shared = Guid.Parse("80000000-0000-0000-0000-000000000000");
        var lower = Guid.Parse("70000000-0000-0000-0000-000000000000");
        await StartAsync(Snapshot(shared, "Requested", RefundSaga, T(10)));
        await StartAsync(Snapshot(lower, "Submitted", OrderSaga, T(10)));
        await StartAsync(Snapshot(shared, "Submitted", OrderSaga, T(10)));

        var seen = new List<(string, Guid)>();
        SagaQueryCursor? after = null;
        for (var page = 0; page < 4; page++)
        {
            var rows = await Queries.QueryAsync(new SagaQuery { Order = order, After = after, Limit = 1 });
            seen.AddRange(rows.Select(r => (r.SagaType, r.SagaId)));
            after = rows.Count == 0 ? after : SagaQueryCursor.After(rows[0], order);
        }

        Assert.Equal([(OrderSaga, shared), (RefundSaga, shared), (OrderSaga, lower)], seen);
    }

    [Fact]
    public async Task QueryAsync_CursorWithFilters_ContinuesAfterTheCursorRowOnly()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            ids.Add((await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", OrderSaga, T(i)))).SagaId);
        }

        await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", RefundSaga, T(1)));
        var first = await Queries.QueryAsync(new SagaQuery { SagaType = OrderSaga, Order = SagaQueryOrder.NewestStarted, Limit = 2 });
        var second = await Queries.QueryAsync(new SagaQuery { SagaType = OrderSaga, Order = SagaQueryOrder.NewestStarted, Limit = 2, After = SagaQueryCursor.After(first[^1], SagaQueryOrder.NewestStarted) });

        Assert.Equal([ids[3], ids[2]], first.Select(s => s.SagaId));
        Assert.Equal([ids[1], ids[0]], second.Select(s => s.SagaId));
    }

    // ---- the row's new fields ----------------------------------------------------------------

    [Fact]
    public async Task CommitAsync_ParkedExpectedByAndSearchValues_RoundTripThroughTheUnitOfWork()
    {
        var saga = Snapshot(Guid.NewGuid(), "Failed", createdAt: T(10)) with
        {
            IsParked = true,
            ExpectedBy = T(3600, 250),
            SearchValues = Values(("customerId", "Zoë Müller"), ("orderNumber", "A-17")),
        };
        await CommitAsync(Commit(saga, 0, [Entry(1, "Initial", "Failed", saga.CreatedAt)]), inSession: true);

        var session = await BeginAsync(saga, Guid.NewGuid()).AsTask().WaitAsync(Patience);
        await using (session)
        {
            AssertQueryFields(saga, session.Snapshot);
            var next = session.Snapshot! with
            {
                State = "Submitted",
                LastSequence = 2,
                UpdatedAt = T(20),
                IsParked = false,
                ExpectedBy = null,
                SearchValues = Values(("customerId", "bob")),
            };
            await session.CommitAsync(new SagaCommit(session.Consumer, session.MessageId, next, session.Snapshot!.Version, [Entry(2, "Failed", "Submitted", next.UpdatedAt, messageId: session.MessageId)], []));
            saga = next;
        }

        AssertQueryFields(saga, await Store.LoadAsync(saga.SagaType, saga.SagaId));
        AssertQueryFields(saga, Assert.Single(await Queries.QueryAsync(new SagaQuery { SagaId = saga.SagaId })));
        Assert.Equal(2L, (await Store.LoadAsync(saga.SagaType, saga.SagaId))!.Version);
    }

    private static void AssertQueryFields(SagaSnapshot expected, SagaSnapshot? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.State, actual.State);
        Assert.Equal(expected.IsParked, actual.IsParked);
        Assert.Equal(expected.ExpectedBy, actual.ExpectedBy);
        Assert.Equal(expected.SearchValues.OrderBy(p => p.Key, StringComparer.Ordinal), actual.SearchValues.OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    // ---- counts ------------------------------------------------------------------------------

    [Fact]
    public async Task CountAsync_SagasOfSeveralStates_GroupsByTypeStateFinalAndParkedWithOverdue()
    {
        await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", OrderSaga, T(1), Deadline(T(50))));
        await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", OrderSaga, T(2), Deadline(T(20, 7))));
        await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", OrderSaga, T(3), Deadline(T(100))));
        await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", OrderSaga, T(4), Deadline(T(101))));
        await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", OrderSaga, T(5)));
        await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", OrderSaga, T(6), Deadline(T(10))) with { IsParked = true });
        await StartAsync(Snapshot(Guid.NewGuid(), "Completed", OrderSaga, T(7), Deadline(T(5))) with { IsFinal = true });
        await StartAsync(Snapshot(Guid.NewGuid(), "Completed", OrderSaga, T(8)) with { IsFinal = true });
        await StartAsync(Snapshot(Guid.NewGuid(), "Requested", RefundSaga, T(9)));

        var counts = await Queries.CountAsync(T(100));

        Assert.Equal(
            [
                new SagaStateCount(OrderSaga, "Completed", true, false, 2, 0, null),
                new SagaStateCount(OrderSaga, "Submitted", false, false, 5, 3, T(20, 7)),
                new SagaStateCount(OrderSaga, "Submitted", false, true, 1, 1, T(10)),
                new SagaStateCount(RefundSaga, "Requested", false, false, 1, 0, null),
            ],
            counts);
    }

    [Fact]
    public async Task CountAsync_SagaType_CountsOnlyThatType()
    {
        await StartAsync(Snapshot(Guid.NewGuid(), "Submitted", OrderSaga, T(1), Deadline(T(5))));
        await StartAsync(Snapshot(Guid.NewGuid(), "Requested", RefundSaga, T(2), Deadline(T(5))));

        Assert.Equal([new SagaStateCount(RefundSaga, "Requested", false, false, 1, 1, T(5))], await Queries.CountAsync(T(5), RefundSaga));
        Assert.Equal([new SagaStateCount(RefundSaga, "Requested", false, false, 1, 0, null)], await Queries.CountAsync(T(4), RefundSaga));
        Assert.Empty(await Queries.CountAsync(T(5), "NoSuchSaga"));
    }
}
