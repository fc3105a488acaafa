namespace SagaHub.EntityFrameworkCore;

/// <summary>The store's start-up check: schema applied (or database reached) before the bus starts.</summary>
internal sealed class SagaStoreStartupCheck(EfSagaStore store) : IStartupCheck
{
    public string Name => $"saga store ({store})";

    public Task CheckAsync(CancellationToken cancellationToken) => store.EnsureReadyAsync(cancellationToken);
}
