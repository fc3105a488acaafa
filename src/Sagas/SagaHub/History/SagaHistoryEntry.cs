namespace SagaHub;

/// <summary>One append-only history row of a saga.</summary>
/// <param name="Sequence">Per-saga sequence, gap-free from 1.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after (equal to <paramref name="From"/> when nothing moved).</param>
/// <param name="Trigger">The trigger's name: a message type, <c>Timeout</c>, <c>Approved</c>, ….</param>
/// <param name="MessageId">The id of the message that caused it.</param>
/// <param name="At">When it happened.</param>
/// <param name="Kind">What the row records.</param>
/// <param name="Detail">The reason of a rejection, the compensation issued, and the like.</param>
public sealed record SagaHistoryEntry(
    long Sequence,
    string From,
    string To,
    string Trigger,
    Guid? MessageId,
    DateTimeOffset At,
    SagaHistoryKind Kind,
    string? Detail)
{
    /// <inheritdoc />
    public override string ToString() => Kind switch
    {
        SagaHistoryKind.Transition => $"#{Sequence} {From} -> {To} on {Trigger}{(Detail is null ? string.Empty : $" ({Detail})")}",
        _ => $"#{Sequence} [{Kind}] {From} on {Trigger}{(Detail is null ? string.Empty : $": {Detail}")}",
    };
}
