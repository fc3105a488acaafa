namespace SagaHub.Store.Tests;

public sealed class InMemorySagaStoreTests : SagaStoreContract
{
    protected override Task<ISagaStore> CreateStoreAsync() => Task.FromResult<ISagaStore>(new InMemorySagaStore());
}
