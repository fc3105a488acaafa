namespace SagaHub.Stateless;

/// <summary>Blocks of rules in the engine's order: a block applies only where no earlier block's condition holds; an unconditional block ends the list.</summary>
internal sealed class ExclusiveRules<TStatus>
    where TStatus : struct, Enum
{
    private readonly List<(Func<object?, bool> When, string Why)> earlier = [];
    private bool closed;

    public List<SagaMachineRule<TStatus>> Rules { get; } = [];

    public ExclusiveRules<TStatus> Then(Func<object?, bool>? when, string? why, List<SagaMachineRule<TStatus>> rules)
    {
        if (closed)
        {
            return this; // unreachable: the engine decides before it gets here
        }

        var before = earlier.ToList();
        Func<object?, bool>? none = before.Count == 0 ? null : m => !before.Any(e => e.When(m));
        var notBefore = before.Count == 0 ? null : string.Join(" and ", before.Select(e => $"not {e.Why}"));
        foreach (var rule in rules)
        {
            Rules.Add(rule.And(when, why).And(none, notBefore));
        }

        if (when is null)
        {
            closed = true;
        }
        else
        {
            earlier.Add((when, why ?? "a condition"));
        }

        return this;
    }
}
