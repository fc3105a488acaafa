namespace SagaHub;

/// <summary>One message's write: inbox, saga row, history, task rows and outbox.</summary>
/// <param name="Consumer">The inbox's consumer name (the saga name).</param>
/// <param name="MessageId">The handled message's id.</param>
/// <param name="Snapshot">The new saga row, or null to write only the inbox row (a stale timer, a rejected start).</param>
/// <param name="ExpectedVersion">The stored version this write replaces; 0 inserts a new saga.</param>
/// <param name="History">History rows to append.</param>
/// <param name="Outbox">Messages to dispatch after the commit.</param>
public sealed record SagaCommit(
    string Consumer,
    Guid MessageId,
    SagaSnapshot? Snapshot,
    long ExpectedVersion,
    IReadOnlyList<SagaHistoryEntry> History,
    IReadOnlyList<OutboxEntry> Outbox)
{
    /// <summary>
    /// The task rows this message writes, one entry per row (none when the tasks did not change); build it with
    /// <see cref="HumanTaskChange.Between"/>.
    /// </summary>
    /// <remarks>A store writes exactly these rows, as each <see cref="HumanTaskChange.Kind"/> says.</remarks>
    /// <value>Defaults to empty: no task row is written.</value>
    public IReadOnlyList<HumanTaskChange> TaskChanges { get; init; } = [];
}
