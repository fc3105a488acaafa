namespace SagaHub;

/// <summary>The sagas this host runs, by name.</summary>
public interface ISagaRegistry
{
    /// <summary>Every registered saga.</summary>
    IReadOnlyCollection<ISaga> Sagas { get; }

    /// <summary>The saga named <paramref name="name"/>, or null.</summary>
    /// <param name="name">The saga's <see cref="ISaga.Name"/>.</param>
    /// <returns>The saga or null.</returns>
    ISaga? Find(string name);
}
