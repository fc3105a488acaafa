using SagaHub.EntityFrameworkCore;
using SagaHub.Store.Tests.Contract;

namespace SagaHub.Store.Tests.SagaStore;

/// <summary>The EF Core store on SQLite: a fresh database file per test, deleted afterwards.</summary>
public sealed class SqliteStore : IStoreUnderTest
{
    private readonly string file = Path.Combine(Path.GetTempPath(), $"sagahub-store-{Guid.NewGuid():N}.db");

    public bool SessionsSerializeOnTheSaga => true;

    public Task<ISagaStore> CreateAsync() =>
        Task.FromResult<ISagaStore>(new EfSagaStore(new SagaStoreOptions().UseSqlite($"Data Source={file};Pooling=False")));

    public ValueTask DisposeAsync()
    {
        foreach (var path in new[] { file, file + "-wal", file + "-shm", file + "-journal" })
        {
            File.Delete(path);
        }

        return ValueTask.CompletedTask;
    }
}

public sealed class SqliteUnitOfWorkStoreTests : SagaUnitOfWorkStoreContract<SqliteStore>;

public sealed class SqliteDeadlineStoreTests : SagaDeadlineStoreContract<SqliteStore>;

public sealed class SqliteOutboxStoreTests : SagaOutboxStoreContract<SqliteStore>;

public sealed class SqliteHumanTaskStoreTests : HumanTaskStoreContract<SqliteStore>;

public sealed class SqliteQueryStoreTests : SagaQueryStoreContract<SqliteStore>;
