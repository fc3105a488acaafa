namespace SagaHub;

/// <summary>A read-only description of a saga definition: its states, transitions and compensation, as declared.</summary>
public sealed class SagaGraph
{
    internal SagaGraph()
    {
    }

    /// <summary>The saga's name.</summary>
    public string SagaName { get; internal init; } = string.Empty;

    /// <summary>The name history gives the pseudo-state of a saga that has not started (the <see cref="SagaGraphTransition.IsInitial"/> transitions leave it).</summary>
    public string InitialStateName { get; internal init; } = string.Empty;

    /// <summary>The states, in the order of the state enum; the initial pseudo-state is not one of them.</summary>
    public IReadOnlyList<SagaGraphState> States { get; internal init; } = [];

    /// <summary>Every declared transition: the initiating ones first, then each state's in declaration order.</summary>
    public IReadOnlyList<SagaGraphTransition> Transitions { get; internal init; } = [];

    /// <summary>How the saga compensates; null when it declares no <c>Compensating(...)</c> state.</summary>
    public SagaGraphCompensation? Compensation { get; internal init; }

    /// <summary>Every message type the declarations name: triggers, ignored messages, join members, confirmations and faults of undo commands.</summary>
    public IReadOnlyList<Type> MessageTypes { get; internal init; } = [];

    /// <summary>The names of the final states.</summary>
    public IEnumerable<string> FinalStates => States.Where(s => s.IsFinal).Select(s => s.Name);

    /// <summary>The names of the parked states.</summary>
    public IEnumerable<string> ParkedStates => States.Where(s => s.IsParked).Select(s => s.Name);

    /// <summary>Finds a state by name.</summary>
    /// <param name="name">The state's name.</param>
    /// <returns>The state, or null when the saga has none of that name.</returns>
    public SagaGraphState? FindState(string name) => States.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.Ordinal));

    /// <summary>The transitions that leave a state, in declaration order.</summary>
    /// <param name="state">The state's name; null for the initiating transitions.</param>
    /// <returns>The transitions.</returns>
    public IReadOnlyList<SagaGraphTransition> TransitionsFrom(string? state) =>
        [.. Transitions.Where(t => string.Equals(t.From, state, StringComparison.Ordinal))];
}
