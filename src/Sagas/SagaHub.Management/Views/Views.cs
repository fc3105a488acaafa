using System.Text.Json;

namespace SagaHub.Management;

internal sealed record SagaRowView(
    string Type,
    Guid Id,
    string State,
    bool IsFinal,
    bool IsParked,
    bool Stuck,
    DateTimeOffset Since,
    DateTimeOffset StartedAt,
    string? Reason,
    IReadOnlyDictionary<string, string> Search,
    DateTimeOffset? DeadlineDueAt,
    long Version,
    string Href);

internal sealed record SagaPageView(IReadOnlyList<SagaRowView> Items, string? Next);

internal sealed record HistoryView(long Sequence, DateTimeOffset At, string Kind, string From, string To, string Trigger, string? Detail, Guid? MessageId)
{
    public static HistoryView Of(SagaHistoryEntry e) => new(e.Sequence, e.At, e.Kind.ToString(), e.From, e.To, e.Trigger, e.Detail, e.MessageId);
}

internal sealed record WaitingForView(string Trigger, string Kind, string? Target, string? Guard);

internal sealed record ChoicesView(IReadOnlyList<string> Resume, IReadOnlyList<string> MoveTo, IReadOnlyList<string> Cancel, bool Deadline, bool ReassignTask, string Summary)
{
    public static ChoicesView Of(SagaActionChoices c) => new(c.Resume, c.MoveTo, c.Cancel, c.HasDeadline, c.HasOpenTask, c.ToString());
}

internal sealed record SagaDetailView(
    string Type,
    Guid Id,
    string State,
    bool IsFinal,
    bool IsParked,
    bool Stuck,
    long Version,
    int DefinitionVersion,
    DateTimeOffset StartedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? ExpectedBy,
    SagaDeadline? Deadline,
    SagaStepAttempt? Attempt,
    HumanTask? Task,
    IReadOnlyList<PendingCompensation> Compensations,
    CompensationRun? Compensating,
    IReadOnlyDictionary<string, string> Search,
    JsonElement Data,
    IReadOnlyList<WaitingForView> WaitingFor,
    ChoicesView Actions,
    IReadOnlyList<HistoryView> History,
    IReadOnlyList<string> Path,
    string Mermaid);

internal sealed record StateView(string Name, string Kind, TimeSpan? Timeout, TimeSpan? ExpectedWithin, string? HumanTask);

internal sealed record DefinitionView(string Name, int Version, string Queue, string InitialState, IReadOnlyList<StateView> States, string Mermaid, string Dot);

internal sealed record StateCountView(string Type, string State, bool IsFinal, bool IsParked, long Count, long Overdue, DateTimeOffset? OldestOverdue);

internal sealed record CountsView(DateTimeOffset At, IReadOnlyList<StateCountView> States, long Parked, long Overdue, DateTimeOffset? OldestOverdue, long OutboxBacklog, DateTimeOffset? OldestOutbox);

internal sealed record SentView(string Type, string? Destination, Guid MessageId);

internal sealed record ActionResultView(Guid ActionId, bool Applied, bool AlreadyApplied, bool DryRun, string From, string To, long Version, IReadOnlyList<HistoryView> History, IReadOnlyList<SentView> Sent)
{
    public static ActionResultView Of(SagaActionResult r, bool dryRun) =>
        new(r.ActionId, r.Applied, r.AlreadyApplied, dryRun, r.From, r.To, r.Version, [.. r.History.Select(HistoryView.Of)], [.. r.Sent.Select(m => new SentView(m.MessageType.Name, m.Destination, m.MessageId))]);
}

internal sealed record BatchItemView(string Type, Guid Id, string Outcome, string? To, string? Detail);

internal sealed record BatchResultView(Guid BatchId, bool DryRun, int Matched, int Applied, int Failed, IReadOnlyList<BatchItemView> Items);
