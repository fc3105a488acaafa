using SagaHub.Store.Tests.Contract;

namespace SagaHub.Store.Tests.Persistence;

/// <summary>The in-memory store: a new one per test.</summary>
public sealed class InMemoryStore : IStoreUnderTest
{
    public bool SessionsSerializeOnTheSaga => false;

    public Task<ISagaStore> CreateAsync() => Task.FromResult<ISagaStore>(new InMemorySagaStore());

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class InMemoryUnitOfWorkStoreTests : SagaUnitOfWorkStoreContract<InMemoryStore>;

public sealed class InMemoryDeadlineStoreTests : SagaDeadlineStoreContract<InMemoryStore>;

public sealed class InMemoryOutboxStoreTests : SagaOutboxStoreContract<InMemoryStore>;

public sealed class InMemoryHumanTaskStoreTests : HumanTaskStoreContract<InMemoryStore>;

public sealed class InMemoryQueryStoreTests : SagaQueryStoreContract<InMemoryStore>;
