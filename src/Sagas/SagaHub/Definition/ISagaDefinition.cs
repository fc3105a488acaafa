namespace SagaHub;

/// <summary>What every saga definition offers, whatever its data and state types.</summary>
public interface ISagaDefinition
{
    /// <summary>The saga's name (history, logs, metrics, store).</summary>
    string Name { get; }

    /// <summary>Its receive endpoint (queue).</summary>
    string QueueName { get; }

    /// <summary>The definition's version, stored on every saga row it writes (raise it when the data or states change shape).</summary>
    int Version { get; }

    /// <summary>The names of its final states.</summary>
    IReadOnlyCollection<string> FinalStates { get; }

    /// <summary>Checks the definition; throws <see cref="SagaDefinitionException"/> listing every problem.</summary>
    void Validate();

    /// <summary>The saga as a Mermaid state diagram.</summary>
    /// <returns>The diagram text.</returns>
    string ToMermaid();

    /// <summary>The saga as a Graphviz DOT digraph.</summary>
    /// <returns>The DOT text.</returns>
    string ToDot();

    /// <summary>The saga's states, transitions and compensation as read-only data.</summary>
    /// <returns>The graph.</returns>
    SagaGraph Describe();
}
