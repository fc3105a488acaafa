namespace SagaHub;

/// <summary>How many sagas of one type are in one state.</summary>
/// <param name="SagaType">The saga type.</param>
/// <param name="State">The state.</param>
/// <param name="IsFinal">Whether the state is final.</param>
/// <param name="IsParked">Whether the state is parked.</param>
/// <param name="Count">The number of sagas.</param>
/// <param name="Overdue">How many of them are past their deadline at the counted time.</param>
/// <param name="OldestOverdue">The earliest past-due deadline among them, if any.</param>
public sealed record SagaStateCount(string SagaType, string State, bool IsFinal, bool IsParked, long Count, long Overdue, DateTimeOffset? OldestOverdue);
