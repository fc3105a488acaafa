namespace SagaHub;

/// <summary>One state of a saga's graph: whether it is final, its timeout, human task, join and ignored messages.</summary>
public sealed class SagaGraphState
{
    internal SagaGraphState()
    {
    }

    /// <summary>The state's name (its enum member's name).</summary>
    public string Name { get; internal init; } = string.Empty;

    /// <summary>Whether the saga is finished in this state (it accepts nothing).</summary>
    public bool IsFinal { get; internal init; }

    /// <summary>Whether this is the state declared with <c>Compensating(...)</c>.</summary>
    public bool IsCompensating { get; internal init; }

    /// <summary>Whether the state is parked: the saga waits there for an operator.</summary>
    public bool IsParked { get; internal init; }

    /// <summary>How long a saga is expected to wait in the state before it counts as stuck (<c>ExpectWithin</c>), if declared.</summary>
    public TimeSpan? ExpectedWithin { get; internal init; }

    /// <summary>How long the saga may stay in the state before its <see cref="SagaTriggerKind.Timeout"/> transition applies; null for none.</summary>
    /// <remarks>The compensating state's limit per undo command is <see cref="SagaGraphCompensation.Timeout"/>.</remarks>
    public TimeSpan? Timeout { get; internal init; }

    /// <summary>What the state's computed timeout is (<c>Timeout(ctx => ..., description)</c>); null for a fixed one or none.</summary>
    public string? TimeoutDescription { get; internal init; }

    /// <summary>The human task the state waits for; null when it waits for none.</summary>
    public SagaGraphHumanTask? HumanTask { get; internal init; }

    /// <summary>The messages the state's join waits for, in any order; empty when it has no join.</summary>
    public IReadOnlyList<Type> JoinMessageTypes { get; internal init; } = [];

    /// <summary>The messages the state ignores on purpose (recorded as ignored, nothing changes).</summary>
    public IReadOnlyList<Type> IgnoredMessageTypes { get; internal init; } = [];

    /// <summary>Whether entering the state runs actions.</summary>
    public bool HasEntryActions { get; internal init; }

    /// <summary>Whether leaving the state runs actions.</summary>
    public bool HasExitActions { get; internal init; }

    /// <summary>Whether the state waits for a join.</summary>
    public bool HasJoin => JoinMessageTypes.Count > 0;

    /// <inheritdoc/>
    public override string ToString() => Name;
}
