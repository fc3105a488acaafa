using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.Contract;

/// <summary>The <see cref="ISagaQueryStore"/> contract: a saga's history in order, and saga rows by filter, most recently changed first.</summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class SagaQueryStoreContract<TStore> : SagaStoreContract<TStore>
    where TStore : IStoreUnderTest, new()
{
    /// <summary>The role under test.</summary>
    private ISagaQueryStore Queries => Store;

    private async Task<List<Guid>> QueryIdsAsync(SagaQuery query) =>
        [.. (await Queries.QueryAsync(query)).Select(s => s.SagaId)];

    [Fact]
    public async Task GetHistory_ThreeCommits_ReturnsEveryEntryInSequenceOrderWithEveryField()
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

        var history = await Queries.GetHistoryAsync(OrderSaga, saga.SagaId);

        Assert.Equal([.. first, .. second, .. third], history);
    }

    [Fact]
    public async Task GetHistory_UnknownSaga_IsEmpty()
    {
        await StartAsync(Snapshot(Guid.NewGuid()));

        Assert.Empty(await Queries.GetHistoryAsync(OrderSaga, Guid.NewGuid()));
    }

    [Fact]
    public async Task GetHistory_DifferentSagas_DoNotMix()
    {
        var sharedId = Guid.NewGuid();
        var order = await StartAsync(Snapshot(sharedId, "Submitted", OrderSaga));
        var refund = await StartAsync(Snapshot(sharedId, "Requested", RefundSaga));
        var other = await StartAsync(Snapshot(Guid.NewGuid(), "Placed", OrderSaga));
        await AdvanceAsync(order, order with { State = "Paid", UpdatedAt = T(3) });
        await AdvanceAsync(refund, refund with { State = "Approved", UpdatedAt = T(4) });

        var orderHistory = await Queries.GetHistoryAsync(OrderSaga, sharedId);
        var refundHistory = await Queries.GetHistoryAsync(RefundSaga, sharedId);
        var otherHistory = await Queries.GetHistoryAsync(OrderSaga, other.SagaId);

        Assert.Equal(["Submitted", "Paid"], orderHistory.Select(h => h.To));
        Assert.Equal(["Requested", "Approved"], refundHistory.Select(h => h.To));
        Assert.Equal(["Placed"], otherHistory.Select(h => h.To));
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
    public async Task Query_NoFilters_ReturnsEverySagaMostRecentlyChangedFirst()
    {
        var (refund, submitted, shipping, completed) = await SeedQueryAsync();

        var rows = await Queries.QueryAsync(new SagaQuery());

        Assert.Equal([completed.SagaId, shipping.SagaId, submitted.SagaId, refund.SagaId], rows.Select(r => r.SagaId));
        AssertSnapshot(shipping, rows[1], version: 1);
    }

    [Fact]
    public async Task Query_SagasChangedAfterTheirStart_OrdersByTheLastChangeNotTheStart()
    {
        var (refund, submitted, shipping, completed) = await SeedQueryAsync();
        await AdvanceAsync(refund, refund with { State = "Approved", UpdatedAt = T(40) });
        await AdvanceAsync(submitted, submitted with { State = "Reserving", UpdatedAt = T(25) });

        Assert.Equal([refund.SagaId, completed.SagaId, submitted.SagaId, shipping.SagaId], await QueryIdsAsync(new SagaQuery()));
    }

    [Fact]
    public async Task Query_TiedChangeTimes_OrdersBySagaIdDescending()
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
    public async Task Query_SagaTypeStateAndFinalFilters_ReturnsTheMatchingSagas()
    {
        var (refund, submitted, shipping, completed) = await SeedQueryAsync();

        Assert.Equal([completed.SagaId, shipping.SagaId, submitted.SagaId], await QueryIdsAsync(new SagaQuery { SagaType = OrderSaga }));
        Assert.Equal([submitted.SagaId, refund.SagaId], await QueryIdsAsync(new SagaQuery { State = "Submitted" }));
        Assert.Equal([submitted.SagaId], await QueryIdsAsync(new SagaQuery { SagaType = OrderSaga, State = "Submitted" }));
        Assert.Equal([shipping.SagaId, submitted.SagaId], await QueryIdsAsync(new SagaQuery { SagaType = OrderSaga, IncludeFinal = false }));
        Assert.Empty(await QueryIdsAsync(new SagaQuery { SagaType = "NoSuchSaga" }));
    }

    [Fact]
    public async Task Query_StartTimeAndOverdueDeadlineFilters_MatchInclusively()
    {
        var (refund, submitted, shipping, _) = await SeedQueryAsync();

        Assert.Equal([shipping.SagaId, submitted.SagaId, refund.SagaId], await QueryIdsAsync(new SagaQuery { StartedBefore = T(20) }));
        Assert.Equal([refund.SagaId], await QueryIdsAsync(new SagaQuery { StartedBefore = T(9) }));
        Assert.Equal([submitted.SagaId, refund.SagaId], await QueryIdsAsync(new SagaQuery { OverdueAt = T(100) }));
        Assert.Equal([submitted.SagaId], await QueryIdsAsync(new SagaQuery { OverdueAt = T(100), SagaType = OrderSaga }));
        Assert.Empty(await QueryIdsAsync(new SagaQuery { OverdueAt = T(49) }));
    }

    [Fact]
    public async Task Query_Limit_KeepsTheMostRecentlyChanged()
    {
        var (_, _, shipping, completed) = await SeedQueryAsync();

        Assert.Equal([completed.SagaId, shipping.SagaId], await QueryIdsAsync(new SagaQuery { Limit = 2 }));
    }
}
