namespace SagaHub;

/// <summary>One declared transition: from which state, on which trigger and guard, to which state, and whether it compensates first.</summary>
public sealed class SagaGraphTransition
{
    internal SagaGraphTransition()
    {
    }

    /// <summary>The state the transition leaves; null for an initiating message (the initial pseudo-state).</summary>
    public string? From { get; internal init; }

    /// <summary>Whether the transition starts a saga (declared with <c>Initially</c>).</summary>
    public bool IsInitial => From is null;

    /// <summary>What kind of trigger the transition answers.</summary>
    public SagaTriggerKind TriggerKind { get; internal init; }

    /// <summary>The trigger's message type for <see cref="SagaTriggerKind.Message"/> (a <c>Fault&lt;T&gt;</c> for <c>OnFault</c>); null for the other kinds.</summary>
    public Type? MessageType { get; internal init; }

    /// <summary>The trigger as history names it: the message's short name, <c>Fault&lt;T&gt;</c>, <c>Timeout</c>, <c>Approved</c>, <c>Rejected</c>, <c>Expired</c> or <c>all arrived</c>.</summary>
    public string TriggerName { get; internal init; } = string.Empty;

    /// <summary>The guard in words (<c>If(guard, reason)</c>); null for an unguarded transition.</summary>
    public string? GuardReason { get; internal init; }

    /// <summary>Whether this is the <c>Otherwise()</c> branch, taken when no guard of the trigger holds.</summary>
    public bool IsOtherwise { get; internal init; }

    /// <summary>Whether the engine has to evaluate guards to choose this transition.</summary>
    public bool IsGuarded => GuardReason is not null || IsOtherwise;

    /// <summary>The state the transition enters (after compensating, when <see cref="StartsCompensation"/>); null when it stays.</summary>
    public string? Target { get; internal init; }

    /// <summary>Whether the transition stays in its state (no exit or entry actions, the timeout keeps running).</summary>
    public bool Stays => Target is null;

    /// <summary>Whether the transition undoes the completed steps before it enters <see cref="Target"/>.</summary>
    public bool StartsCompensation { get; internal init; }

    /// <summary>The compensating state the saga waits in while undo commands are confirmed; null unless <see cref="StartsCompensation"/>.</summary>
    public string? CompensationState { get; internal init; }

    /// <summary>The undo commands this transition registers for a later compensation (<c>CompensateWith</c>).</summary>
    public IReadOnlyList<Type> CompensationCommandTypes { get; internal init; } = [];

    /// <summary>Whether the transition runs actions of its own (<c>Then</c>, <c>Send</c>, <c>Publish</c>).</summary>
    public bool HasActions { get; internal init; }

    /// <inheritdoc/>
    public override string ToString()
    {
        var guard = GuardReason is { } reason ? $" [{reason}]" : IsOtherwise ? " [otherwise]" : string.Empty;
        var to = StartsCompensation ? $"{CompensationState} -> {Target}" : Target ?? From;
        return $"{From ?? "[*]"} --{TriggerName}{guard}--> {to}";
    }
}
