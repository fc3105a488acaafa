using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.Contract;

/// <summary>The <see cref="IOperatorAuditStore"/> contract: entries kept as written, newest first, by action, after a keyset cursor.</summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class OperatorAuditStoreContract<TStore> : SagaStoreContract<TStore>
    where TStore : IStoreUnderTest, new()
{
    private IOperatorAuditStore Audit => Store;

    private static OperatorAuditEntry Entry(DateTimeOffset at, string action = "dead-letters.replay", Guid? id = null, OperatorAuditOutcome outcome = OperatorAuditOutcome.Requested) => new()
    {
        Id = id ?? Guid.NewGuid(),
        RequestId = Guid.NewGuid(),
        At = at,
        Actor = "alice",
        Reason = "payments is back",
        Action = action,
        Target = "all of orders-saga_error (at most 100)",
        Outcome = outcome,
    };

    [Fact]
    public async Task AppendAuditAsync_Entry_IsListedWithEveryField()
    {
        var entry = Entry(T(10), outcome: OperatorAuditOutcome.Partial) with
        {
            Summary = "replayed 1, not found 1, failed 0",
            Detail = """[{"id":"m-1","result":"replayed"}]""",
        };

        await Audit.AppendAuditAsync(entry);

        var listed = Assert.Single(await Audit.ListAuditAsync(new OperatorAuditQuery()));
        Assert.Equal(entry with { Sequence = listed.Sequence }, listed);
    }

    [Fact]
    public async Task ListAuditAsync_NoEntries_IsEmpty() =>
        Assert.Empty(await Audit.ListAuditAsync(new OperatorAuditQuery()));

    [Fact]
    public async Task ListAuditAsync_SeveralEntries_InReverseAppendOrderWhateverTheirTimes()
    {
        // The same time for two (a frozen clock, a request and its result within a microsecond), an older time appended last.
        var first = Entry(T(20), id: new Guid("f0000000-0000-0000-0000-000000000001"));
        var second = Entry(T(20), id: new Guid("00000000-0000-0000-0000-000000000001"));
        var third = Entry(T(30));
        var late = Entry(T(10));
        foreach (var entry in new[] { first, second, third, late })
        {
            await Audit.AppendAuditAsync(entry);
        }

        var listed = await Audit.ListAuditAsync(new OperatorAuditQuery());

        Assert.Equal([late.Id, third.Id, second.Id, first.Id], listed.Select(e => e.Id));
        Assert.True(listed.Zip(listed.Skip(1)).All(p => p.First.Sequence > p.Second.Sequence), "sequences decrease down the list");
        Assert.True(listed[^1].Sequence > 0, "the store numbers what it appends");
    }

    [Fact]
    public async Task ListAuditAsync_BeforeAndLimit_PagesThroughEveryEntryOnce()
    {
        var written = new List<OperatorAuditEntry>();
        for (var i = 0; i < 7; i++)
        {
            var entry = Entry(T(10));
            written.Add(entry);
            await Audit.AppendAuditAsync(entry);
        }

        var seen = new List<Guid>();
        long? before = null;
        for (var page = 0; page < 10; page++)
        {
            var rows = await Audit.ListAuditAsync(new OperatorAuditQuery { Before = before, Limit = 3 });
            if (rows.Count == 0)
            {
                break;
            }

            Assert.True(rows.Count <= 3);
            seen.AddRange(rows.Select(r => r.Id));
            before = rows[^1].Sequence;
        }

        Assert.Equal(written.Select(e => e.Id).Reverse(), seen);
    }

    [Fact]
    public async Task ListAuditAsync_Action_KeepsThatActionOnly()
    {
        var replay = Entry(T(10), "dead-letters.replay");
        var delete = Entry(T(20), "dead-letters.delete");
        await Audit.AppendAuditAsync(replay);
        await Audit.AppendAuditAsync(delete);

        Assert.Equal([delete.Id], (await Audit.ListAuditAsync(new OperatorAuditQuery { Action = "dead-letters.delete" })).Select(e => e.Id));
        Assert.Empty(await Audit.ListAuditAsync(new OperatorAuditQuery { Action = "dead-letters" }));
    }

    [Fact]
    public async Task AppendAuditAsync_SameIdTwice_Throws()
    {
        var entry = Entry(T(10));
        await Audit.AppendAuditAsync(entry);

        await Assert.ThrowsAnyAsync<Exception>(async () => await Audit.AppendAuditAsync(entry with { Reason = "again" }));
        Assert.Equal("payments is back", Assert.Single(await Audit.ListAuditAsync(new OperatorAuditQuery())).Reason);
    }
}
