using MassTransit;

namespace SagaHub;

/// <summary>All sagas this host runs, by name.</summary>
internal sealed class SagaCatalog(IEnumerable<ISagaDefinition> sagas) : ISagaRegistry
{
    private readonly Dictionary<string, ISagaDefinition> byName = sagas.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public IReadOnlyCollection<ISagaDefinition> All => byName.Values;

    public ISagaDefinition? Find(string name) => byName.GetValueOrDefault(name);

    IReadOnlyCollection<ISaga> ISagaRegistry.Sagas => [.. byName.Values];

    ISaga? ISagaRegistry.Find(string name) => Find(name);
}
