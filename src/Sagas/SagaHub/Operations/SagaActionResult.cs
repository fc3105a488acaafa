namespace SagaHub;

/// <summary>What an operator action did, or would do in a dry run.</summary>
/// <param name="SagaType">The saga type.</param>
/// <param name="SagaId">The saga.</param>
/// <param name="ActionId">The action's id.</param>
/// <param name="Applied">True when committed now; false for a dry run or for an action that was already applied (the same id before).</param>
/// <param name="AlreadyApplied">True when the saga's inbox already held the action's id: nothing changed this time.</param>
/// <param name="From">The state before.</param>
/// <param name="To">The state after.</param>
/// <param name="Version">The saga's version after the action (before it, for a dry run).</param>
/// <param name="History">The history rows the action appends.</param>
/// <param name="Sent">The messages the action sends or publishes.</param>
public sealed record SagaActionResult(
    string SagaType,
    Guid SagaId,
    Guid ActionId,
    bool Applied,
    bool AlreadyApplied,
    string From,
    string To,
    long Version,
    IReadOnlyList<SagaHistoryEntry> History,
    IReadOnlyList<OutgoingMessage> Sent);
