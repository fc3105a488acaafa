using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.Contract;

/// <summary>
/// What the role suites share: a fresh, empty store per test (xunit builds one instance per test, and
/// <see cref="InitializeAsync"/> asks <typeparamref name="TStore"/> for the store), and the helpers that write through
/// the unit of work. Every store derives one test class from each role suite (<see cref="SagaUnitOfWorkStoreContract{TStore}"/>,
/// <see cref="SagaDeadlineStoreContract{TStore}"/>, <see cref="SagaOutboxStoreContract{TStore}"/>,
/// <see cref="HumanTaskStoreContract{TStore}"/>, <see cref="SagaQueryStoreContract{TStore}"/>) and runs every test.
/// Each suite is a unit test of its role's interface, named after it (<c>ISagaDeadlineStore</c>: <c>SagaDeadlineStoreContract</c>),
/// its facts <c>Method_Scenario_Expected</c> after the role's members; a store's test class is the store and the role
/// (<c>SqliteDeadlineStoreTests</c>).
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class SagaStoreContract<TStore> : IAsyncLifetime
    where TStore : IStoreUnderTest, new()
{
    /// <summary>How long a test waits for something that should happen at once.</summary>
    protected static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly TStore underTest = new();
    private ISagaStore? store;

    /// <summary>The store under test, fresh and empty for each test.</summary>
    protected ISagaStore Store => store ?? throw new InvalidOperationException("The store is created in InitializeAsync.");

    /// <summary>Whether sessions on one saga wait for each other (see <see cref="IStoreUnderTest.SessionsSerializeOnTheSaga"/>).</summary>
    protected bool SessionsSerializeOnTheSaga => underTest.SessionsSerializeOnTheSaga;

    public async Task InitializeAsync() => store = await underTest.CreateAsync();

    public async Task DisposeAsync()
    {
        switch (store)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync(); // the durable stores delete their queued dispatched rows first
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }

        await underTest.DisposeAsync();
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
        await Store.CommitAsync(Commit(row, current.Version, [Entry(sequence, current.State, row.State, row.UpdatedAt, trigger: "Next")], outbox, before: current));
        return await LoadRequiredAsync(row);
    }

    /// <summary>Writes <paramref name="commit"/> as the runtime does, through a session of its message, or with the plain commit.</summary>
    protected async Task CommitAsync(SagaCommit commit, bool inSession)
    {
        if (!inSession)
        {
            await Store.CommitAsync(commit);
            return;
        }

        var saga = commit.Snapshot ?? throw new ArgumentException("A session commits a saga row.", nameof(commit));
        var session = await Store.BeginAsync(saga.SagaType, saga.SagaId, commit.Consumer, commit.MessageId).AsTask().WaitAsync(Patience);
        await using (session)
        {
            await session.CommitAsync(commit);
        }
    }

    protected async Task<SagaSnapshot> LoadRequiredAsync(SagaSnapshot saga)
    {
        var loaded = await Store.LoadAsync(saga.SagaType, saga.SagaId);
        Assert.NotNull(loaded);
        return loaded;
    }

    protected async Task<List<Guid>> UndispatchedIdsAsync() =>
        [.. (await Store.GetUndispatchedAsync(T(1_000_000), 1000)).Select(e => e.Message.MessageId)];

    protected ValueTask<ISagaStoreSession> BeginAsync(SagaSnapshot saga, Guid messageId) =>
        Store.BeginAsync(saga.SagaType, saga.SagaId, saga.SagaType, messageId);

    /// <summary>The commit of a message moving the saga to <paramref name="state"/>, built from the session's read as the runtime builds it.</summary>
    protected static SagaCommit Next(ISagaStoreSession session, SagaSnapshot template, string state, params OutboxEntry[] outbox)
    {
        var read = session.Snapshot;
        var sequence = (read?.LastSequence ?? 0) + 1;
        var row = (read ?? template) with { State = state, LastSequence = sequence, UpdatedAt = T(100 + (int)sequence) };
        var history = Entry(sequence, read?.State ?? "Initial", state, row.UpdatedAt, trigger: state, messageId: session.MessageId);
        return new SagaCommit(session.Consumer, session.MessageId, row, read?.Version ?? 0, [history], outbox) { TaskChanges = HumanTaskChange.Between(read, row) };
    }

    /// <summary>Handles one message as the runtime does: a session, its commit, a re-run from a fresh read after a conflict.</summary>
    protected async Task HandleAsync(SagaSnapshot saga, Guid messageId, string state)
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
}
