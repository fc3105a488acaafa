using System.Text;

namespace SagaHub.Testing;

/// <summary>Fluent assertions on one saga instance: state, transitions and their order, history, compensations.</summary>
public sealed class SagaAssertion
{
    internal SagaAssertion(SagaSnapshot snapshot, IReadOnlyList<SagaHistoryEntry> history)
    {
        Snapshot = snapshot;
        History = history;
    }

    /// <summary>The saga row as last saved.</summary>
    public SagaSnapshot Snapshot { get; }

    /// <summary>The saga's whole history.</summary>
    public IReadOnlyList<SagaHistoryEntry> History { get; }

    /// <summary>The transitions only (state changes), in order.</summary>
    public IReadOnlyList<SagaHistoryEntry> Transitions => [.. History.Where(h => h.Kind == SagaHistoryKind.Transition)];

    /// <summary>The saga's data, deserialized.</summary>
    /// <typeparam name="TData">The data type.</typeparam>
    /// <returns>The data.</returns>
    public TData Data<TData>()
        where TData : class =>
        System.Text.Json.JsonSerializer.Deserialize<TData>(Snapshot.Data, new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web))!;

    /// <summary>Asserts the current state.</summary>
    /// <param name="state">The expected state (an enum value or its name).</param>
    /// <returns>This assertion.</returns>
    public SagaAssertion IsIn(object state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return Check(Snapshot.State == state.ToString(), $"expected state {state}, but it is {Snapshot.State}");
    }

    /// <summary>Asserts the exact sequence of states entered, from the first one (Initial is not listed).</summary>
    /// <param name="states">The states in order.</param>
    /// <returns>This assertion.</returns>
    public SagaAssertion WentThrough(params object[] states)
    {
        var actual = Transitions.Select(t => t.To).ToList();
        var expected = states.Select(s => s.ToString()!).ToList();
        return Check(actual.SequenceEqual(expected), $"expected states {string.Join(" -> ", expected)}, but went {string.Join(" -> ", actual)}");
    }

    /// <summary>Asserts that a transition from, to, on a trigger happened.</summary>
    /// <param name="from">The state before.</param>
    /// <param name="to">The state after.</param>
    /// <param name="trigger">The trigger name (message type short name, <c>Timeout</c>, <c>Approved</c>, ...).</param>
    /// <returns>This assertion.</returns>
    public SagaAssertion Transitioned(object from, object to, string trigger) =>
        Check(
            Transitions.Any(t => t.From == from.ToString() && t.To == to.ToString() && t.Trigger == trigger),
            $"expected a transition {from} -> {to} on {trigger}");

    /// <summary>Asserts a rejected message, optionally with words in its reason.</summary>
    /// <param name="trigger">The rejected trigger.</param>
    /// <param name="reasonContains">Words the reason must contain.</param>
    /// <returns>This assertion.</returns>
    public SagaAssertion Rejected(string trigger, string? reasonContains = null) =>
        Check(
            History.Any(h => h.Kind == SagaHistoryKind.Rejected && h.Trigger == trigger && (reasonContains is null || (h.Detail ?? string.Empty).Contains(reasonContains, StringComparison.OrdinalIgnoreCase))),
            $"expected {trigger} to be rejected{(reasonContains is null ? string.Empty : $" with a reason containing '{reasonContains}'")}");

    /// <summary>Asserts the compensation commands issued, exactly and in order (short type names).</summary>
    /// <param name="commands">The compensation commands, newest step first as they must go out.</param>
    /// <returns>This assertion.</returns>
    public SagaAssertion Compensated(params string[] commands)
    {
        var issued = History.Where(h => h.Kind == SagaHistoryKind.CompensationIssued).Select(h => h.Detail!.Split(' ')[0]).ToList();
        return Check(issued.SequenceEqual(commands), $"expected compensations [{string.Join(", ", commands)}], but issued [{string.Join(", ", issued)}]");
    }

    /// <summary>Asserts how many history rows of a kind exist.</summary>
    /// <param name="kind">The kind.</param>
    /// <param name="count">The expected count.</param>
    /// <returns>This assertion.</returns>
    public SagaAssertion HasHistory(SagaHistoryKind kind, int count)
    {
        var actual = History.Count(h => h.Kind == kind);
        return Check(actual == count, $"expected {count} {kind} row(s), found {actual}");
    }

    /// <summary>Asserts that history sequences run 1, 2, 3... with no gap.</summary>
    /// <returns>This assertion.</returns>
    public SagaAssertion HasGapFreeHistory() =>
        Check(History.Select(h => h.Sequence).SequenceEqual(Enumerable.Range(1, History.Count).Select(i => (long)i)), "expected history sequences 1..n without gaps");

    /// <summary>The history, one row a line, as failure messages print it.</summary>
    /// <returns>The text.</returns>
    public string Describe() => Describe(Snapshot, History);

    internal static string Describe(SagaSnapshot? snapshot, IReadOnlyList<SagaHistoryEntry> history)
    {
        var sb = new StringBuilder();
        sb.Append(snapshot is null ? "saga not found" : $"{snapshot.SagaType} {snapshot.SagaId}: state {snapshot.State}, version {snapshot.Version}").AppendLine();
        sb.AppendLine("history:");
        foreach (var row in history)
        {
            sb.Append("  ").AppendLine(row.ToString());
        }

        return sb.ToString();
    }

    private SagaAssertion Check(bool condition, string expectation)
    {
        if (!condition)
        {
            throw new SagaAssertionException($"{expectation}.{Environment.NewLine}{Describe()}");
        }

        return this;
    }
}
