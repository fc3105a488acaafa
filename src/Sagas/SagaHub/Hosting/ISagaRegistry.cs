namespace SagaHub;

/// <summary>The sagas this host runs, by name.</summary>
public interface ISagaRegistry
{
    /// <summary>Every registered saga.</summary>
    IReadOnlyCollection<ISagaDefinition> Sagas { get; }

    /// <summary>The saga named <paramref name="name"/>, or null.</summary>
    /// <param name="name">The saga's <see cref="ISagaDefinition.Name"/>.</param>
    /// <returns>The saga or null.</returns>
    ISagaDefinition? Find(string name);
}
