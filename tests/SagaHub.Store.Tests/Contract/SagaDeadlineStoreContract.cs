using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.Contract;

/// <summary>The <see cref="ISagaDeadlineStore"/> contract: claims of due deadlines with a lease, by saga type, and the next due time.</summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class SagaDeadlineStoreContract<TStore> : SagaStoreContract<TStore>
    where TStore : IStoreUnderTest, new()
{
    /// <summary>The role under test.</summary>
    private ISagaDeadlineStore Deadlines => Store;

    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    private async Task<List<Guid>> ClaimIdsAsync(DateTimeOffset now, int max = 100) =>
        [.. (await Deadlines.ClaimDueDeadlinesAsync(now, Lease, max)).Select(d => d.SagaId)];

    [Fact]
    public async Task NextDeadline_SeveralDeadlines_ReturnsTheEarliestOneNobodyHolds()
    {
        Assert.Null(await Deadlines.NextDeadlineAsync(T(0)));
        var at20 = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(20))));
        await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(30))));
        await StartAsync(Snapshot(Guid.NewGuid()));

        Assert.Equal(T(20), await Deadlines.NextDeadlineAsync(T(0)));
        Assert.Equal([at20.SagaId], await ClaimIdsAsync(T(25), max: 1));
        Assert.Equal(T(30), await Deadlines.NextDeadlineAsync(T(25)));
        Assert.Equal(T(20), await Deadlines.NextDeadlineAsync(T(25) + Lease));
    }

    [Fact]
    public async Task NextDeadline_SomeSagaTypes_IgnoresTheOthers()
    {
        await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(10))));
        await StartAsync(Snapshot(Guid.NewGuid(), sagaType: RefundSaga, deadline: Deadline(T(40))));

        Assert.Equal(T(40), await Deadlines.NextDeadlineAsync(T(0), [RefundSaga]));
        Assert.Null(await Deadlines.NextDeadlineAsync(T(0), []));
    }

    [Fact]
    public async Task ClaimDueDeadlines_SomeSagaTypes_LeavesTheOthersClaimable()
    {
        var order = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(10))));
        var refund = await StartAsync(Snapshot(Guid.NewGuid(), sagaType: RefundSaga, deadline: Deadline(T(10))));

        var refunds = await Deadlines.ClaimDueDeadlinesAsync(T(100), Lease, 10, [RefundSaga]);
        var none = await Deadlines.ClaimDueDeadlinesAsync(T(100), Lease, 10, []);
        var rest = await Deadlines.ClaimDueDeadlinesAsync(T(100), Lease, 10);

        Assert.Equal([refund.SagaId], refunds.Select(d => d.SagaId));
        Assert.Empty(none);
        Assert.Equal([order.SagaId], rest.Select(d => d.SagaId));
    }

    [Fact]
    public async Task ClaimDueDeadlines_MoreDueThanMax_ReturnsThemByDueTimeUpToMax()
    {
        var at20 = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(20), SagaDeadlineKind.TaskExpiry)));
        var atNow = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(100))));
        var at10 = await StartAsync(Snapshot(Guid.NewGuid(), sagaType: RefundSaga, deadline: Deadline(T(10), SagaDeadlineKind.TaskEscalation)));
        await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(100, 1))));
        await StartAsync(Snapshot(Guid.NewGuid()));

        var firstBatch = await Deadlines.ClaimDueDeadlinesAsync(T(100), Lease, 2);
        var secondBatch = await Deadlines.ClaimDueDeadlinesAsync(T(100), Lease, 10);

        Assert.Equal([new DueDeadline(RefundSaga, at10.SagaId, at10.Deadline!), new DueDeadline(OrderSaga, at20.SagaId, at20.Deadline!)], firstBatch);
        Assert.Equal([new DueDeadline(OrderSaga, atNow.SagaId, atNow.Deadline!)], secondBatch);
        Assert.Empty(await Deadlines.ClaimDueDeadlinesAsync(T(100), Lease, 10));
    }

    [Fact]
    public async Task ClaimDueDeadlines_ClaimedDeadlineBeforeTheLeaseEnds_DoesNotHandItOutAgain()
    {
        var saga = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(50))));

        Assert.Equal([saga.SagaId], await ClaimIdsAsync(T(100)));

        Assert.Empty(await ClaimIdsAsync(T(100)));
        Assert.Empty(await ClaimIdsAsync(T(159, 999_999)));
    }

    [Fact]
    public async Task ClaimDueDeadlines_ClaimedDeadlineOnceTheLeaseEnds_HandsItOutAgain()
    {
        var saga = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(50))));
        Assert.Equal([saga.SagaId], await ClaimIdsAsync(T(100)));

        var again = await Deadlines.ClaimDueDeadlinesAsync(T(100) + Lease, Lease, 10);

        Assert.Equal([new DueDeadline(OrderSaga, saga.SagaId, saga.Deadline!)], again);
        Assert.Empty(await ClaimIdsAsync(T(100) + Lease));
    }

    [Fact]
    public async Task Commit_UpdateKeepingTheDeadline_KeepsTheClaim()
    {
        var saga = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(50))));
        Assert.Equal([saga.SagaId], await ClaimIdsAsync(T(100)));

        await AdvanceAsync(saga, saga with { JoinArrivals = ["StockReserved"], UpdatedAt = T(101) });

        Assert.Empty(await ClaimIdsAsync(T(102)));
    }

    [Fact]
    public async Task Commit_ReplacedDeadline_IsClaimableAtOnce()
    {
        var saga = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(50))));
        Assert.Equal([saga.SagaId], await ClaimIdsAsync(T(100)));
        var replacement = Deadline(T(100), SagaDeadlineKind.TaskExpiry);

        await AdvanceAsync(saga, saga with { State = "Escalated", Deadline = replacement, UpdatedAt = T(101) });
        var claimed = await Deadlines.ClaimDueDeadlinesAsync(T(101), Lease, 10);

        Assert.Equal([new DueDeadline(OrderSaga, saga.SagaId, replacement)], claimed);
    }

    [Fact]
    public async Task Commit_ClearedDeadline_IsNeverClaimed()
    {
        var claimed = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(50))));
        var unclaimed = await StartAsync(Snapshot(Guid.NewGuid(), deadline: Deadline(T(60))));
        Assert.Equal([claimed.SagaId], await ClaimIdsAsync(T(55)));

        await AdvanceAsync(claimed, claimed with { State = "Completed", IsFinal = true, Deadline = null, UpdatedAt = T(70) });
        await AdvanceAsync(unclaimed, unclaimed with { State = "Paid", Deadline = null, UpdatedAt = T(70) });

        Assert.Empty(await ClaimIdsAsync(T(1000)));
    }

    [Fact]
    public async Task ClaimDueDeadlines_SagasWithoutADeadline_NeverClaimsThem()
    {
        await StartAsync(Snapshot(Guid.NewGuid(), "Completed") with { IsFinal = true });
        await StartAsync(Snapshot(Guid.NewGuid(), "Submitted"));

        Assert.Empty(await ClaimIdsAsync(T(1_000_000)));
    }

    [Fact]
    public async Task ClaimDueDeadlines_TwoClaimersAtOnce_NeverHandOutADeadlineTwice()
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
                var batch = await Deadlines.ClaimDueDeadlinesAsync(T(100), TimeSpan.FromMinutes(5), 50);
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
}
