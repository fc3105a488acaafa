namespace SagaHub;

/// <summary>The operator actions a saga allows in its state, with the states each can go to.</summary>
/// <param name="State">The saga's state.</param>
/// <param name="Resume">The states a resume can re-enter (empty when resume is not allowed).</param>
/// <param name="MoveTo">The states a move can go to.</param>
/// <param name="Cancel">The final states a cancel can end in.</param>
/// <param name="HasDeadline">Whether the saga has a deadline to fire or reschedule.</param>
/// <param name="HasOpenTask">Whether the saga waits for a person whose task can be reassigned.</param>
public sealed record SagaActionChoices(string State, IReadOnlyList<string> Resume, IReadOnlyList<string> MoveTo, IReadOnlyList<string> Cancel, bool HasDeadline, bool HasOpenTask = false)
{
    /// <summary>Whether the action is allowed, and to its state when it names one.</summary>
    /// <param name="action">The action.</param>
    /// <returns>True when allowed.</returns>
    public bool Allows(SagaAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Kind switch
        {
            SagaActionKind.Resume => action.State is null ? Resume.Contains(State) : Resume.Contains(action.State),
            SagaActionKind.MoveTo => MoveTo.Contains(action.State!),
            SagaActionKind.Cancel => Cancel.Contains(action.State!),
            SagaActionKind.ReassignTask => HasOpenTask,
            _ => HasDeadline,
        };
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var parts = new List<string>();
        if (Resume.Count > 0)
        {
            parts.Add($"resume in {string.Join(", ", Resume)}");
        }

        if (MoveTo.Count > 0)
        {
            parts.Add($"move to {string.Join(", ", MoveTo)}");
        }

        if (Cancel.Count > 0)
        {
            parts.Add($"cancel to {string.Join(", ", Cancel)}");
        }

        if (HasDeadline)
        {
            parts.Add("fire or reschedule the deadline");
        }

        if (HasOpenTask)
        {
            parts.Add("reassign the task");
        }

        return parts.Count == 0 ? "none" : string.Join("; ", parts);
    }
}
