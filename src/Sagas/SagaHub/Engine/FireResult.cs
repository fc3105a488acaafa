namespace SagaHub;

/// <summary>The result of firing one message at a saga instance.</summary>
public sealed class FireResult
{
    internal FireResult(FireOutcome outcome, string from, string to, IReadOnlyList<SagaHistoryEntry> history, IReadOnlyList<OutgoingMessage> outgoing, string? reason)
    {
        Outcome = outcome;
        From = from;
        To = to;
        History = history;
        Outgoing = outgoing;
        Reason = reason;
    }

    /// <summary>What happened.</summary>
    public FireOutcome Outcome { get; }

    /// <summary>The state before.</summary>
    public string From { get; }

    /// <summary>The state after.</summary>
    public string To { get; }

    /// <summary>The history rows this message appended.</summary>
    public IReadOnlyList<SagaHistoryEntry> History { get; }

    /// <summary>The commands and events to dispatch once the state is saved, in order.</summary>
    public IReadOnlyList<OutgoingMessage> Outgoing { get; }

    /// <summary>Why a message was rejected, ignored or stale.</summary>
    public string? Reason { get; }

    /// <summary>Whether the saga's state, data or bookkeeping changed (so it must be saved).</summary>
    public bool Changed => Outcome == FireOutcome.Applied;

    /// <summary>Whether the state moved.</summary>
    public bool Moved => From != To;
}
