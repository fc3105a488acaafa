namespace SagaHub.Store.Tests.Contract;

/// <summary>
/// A store the contract suites run on (in memory, SQLite, PostgreSQL): each test gets a fresh instance of this, asks it
/// for a fresh, empty store and disposes it afterwards, which cleans up what the store left (a file, a schema).
/// </summary>
public interface IStoreUnderTest : IAsyncDisposable
{
    /// <summary>
    /// Whether a session holds its saga from its read until it ends, so a second session on the same
    /// saga waits and then reads the committed row (the durable stores: <c>FOR UPDATE</c> on PostgreSQL,
    /// the write lock on SQLite). False for optimistic stores, where the second session reads the same
    /// version and its commit conflicts.
    /// </summary>
    bool SessionsSerializeOnTheSaga { get; }

    /// <summary>Creates a fresh, empty store (its own schema, database or cleaned tables).</summary>
    /// <returns>The store.</returns>
    Task<ISagaStore> CreateAsync();
}
