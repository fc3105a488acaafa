using Microsoft.EntityFrameworkCore;

namespace SagaHub.EntityFrameworkCore;

/// <summary>The start-up check of one component's schema: applied (and seeded) before the bus starts.</summary>
internal sealed class SchemaStartupCheck<TDbContext>(SchemaGate<TDbContext> gate, string component) : IStartupCheck
    where TDbContext : DbContext
{
    public string Name => $"schema of {component}";

    public Task CheckAsync(CancellationToken cancellationToken) => gate.EnsureAsync(cancellationToken);
}
