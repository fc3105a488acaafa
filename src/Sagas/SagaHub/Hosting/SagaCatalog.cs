using MassTransit;

namespace SagaHub;

/// <summary>All sagas this host runs, by name.</summary>
internal sealed class SagaCatalog(IEnumerable<ISagaRunner> sagas) : ISagaRegistry
{
    private readonly Dictionary<string, ISagaRunner> byName = sagas.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<ISagaRunner> All => byName.Values;

    public ISagaRunner? Find(string name) => byName.GetValueOrDefault(name);

    IReadOnlyCollection<ISagaDefinition> ISagaRegistry.Sagas => [.. byName.Values];

    ISagaDefinition? ISagaRegistry.Find(string name) => Find(name);
}
