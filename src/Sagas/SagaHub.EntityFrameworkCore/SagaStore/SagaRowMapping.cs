using System.Text.Json;

namespace SagaHub.EntityFrameworkCore;

/// <summary>The saga store's rows and SagaHub's records, both ways: saga rows (the runtime state as one JSON document), history, task and outbox rows.</summary>
internal static class SagaRowMapping
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static SagaRow ToRow(SagaSnapshot s, long version) => new()
    {
        SagaType = s.SagaType,
        SagaId = s.SagaId,
        State = s.State,
        IsFinal = s.IsFinal,
        Data = s.Data,
        Version = version,
        LastSequence = s.LastSequence,
        DefinitionVersion = s.DefinitionVersion,
        DeadlineId = s.Deadline?.Id,
        DeadlineDueAt = s.Deadline?.DueAt,
        DeadlineKind = s.Deadline?.Kind,
        Compensations = JsonSerializer.Serialize(s.Compensations, Json),
        Runtime = s.Compensating is null && s.JoinArrivals.Count == 0 && s.Task is null && s.Attempt is null
            ? null
            : JsonSerializer.Serialize(new RuntimeDocument(s.Compensating, s.JoinArrivals, s.Task, s.Attempt), Json),
        CreatedAt = s.CreatedAt,
        UpdatedAt = s.UpdatedAt,
        IsParked = s.IsParked,
        ExpectedBy = s.ExpectedBy,
        SearchValues = SearchJson(s.SearchValues),
    };

    /// <summary>Search values as the JSON object the <c>search_values</c> column holds; null when there are none.</summary>
    public static string? SearchJson(IReadOnlyDictionary<string, string> values) =>
        values is null or { Count: 0 } ? null : JsonSerializer.Serialize(values, Json);

    public static SagaSnapshot ToSnapshot(SagaRow r)
    {
        var runtime = r.Runtime is null ? null : JsonSerializer.Deserialize<RuntimeDocument>(r.Runtime, Json);
        return new SagaSnapshot
        {
            SagaType = r.SagaType,
            SagaId = r.SagaId,
            State = r.State,
            IsFinal = r.IsFinal,
            Data = r.Data,
            Version = r.Version,
            LastSequence = r.LastSequence,
            DefinitionVersion = r.DefinitionVersion,
            Deadline = r.DeadlineId is { } id && r.DeadlineDueAt is { } due && r.DeadlineKind is { } kind ? new SagaDeadline(id, due, kind) : null,
            Compensations = JsonSerializer.Deserialize<List<PendingCompensation>>(r.Compensations, Json) ?? [],
            Compensating = runtime?.Compensating,
            JoinArrivals = runtime?.JoinArrivals ?? [],
            Task = runtime?.Task,
            Attempt = runtime?.Attempt,
            CreatedAt = r.CreatedAt,
            UpdatedAt = r.UpdatedAt,
            IsParked = r.IsParked,
            ExpectedBy = r.ExpectedBy,
            SearchValues = r.SearchValues is null ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(r.SearchValues, Json) ?? [],
        };
    }

    public static HistoryRow ToRow(SagaSnapshot s, SagaHistoryEntry h) => new()
    {
        SagaType = s.SagaType,
        SagaId = s.SagaId,
        Sequence = h.Sequence,
        FromState = h.From,
        ToState = h.To,
        Trigger = h.Trigger,
        MessageId = h.MessageId,
        At = h.At,
        Kind = h.Kind,
        Detail = h.Detail,
    };

    public static OutboxMessage ToRow(OutboxEntry e) => OutboxMessages.ToRow(e.SagaType, e.SagaId, e.Message, e.CreatedAt);

    public static TaskRow ToRow(HumanTask t) => new()
    {
        TaskId = t.TaskId,
        SagaType = t.SagaType,
        SagaId = t.SagaId,
        Name = t.Name,
        State = t.State,
        Assignee = t.Assignee,
        EscalateTo = t.EscalateTo,
        CreatedAt = t.CreatedAt,
        DueAt = t.DueAt,
        ExpiresAt = t.ExpiresAt,
        Escalated = t.Escalated,
        Status = t.Status,
        DecidedBy = t.DecidedBy,
        ClosedAt = t.ClosedAt,
    };

    public static HumanTask ToTask(TaskRow t) =>
        new(t.TaskId, t.SagaType, t.SagaId, t.Name, t.State, t.Assignee, t.EscalateTo, t.CreatedAt, t.DueAt, t.ExpiresAt, t.Escalated, t.Status, t.DecidedBy, t.ClosedAt);

    /// <summary>The runtime column: <see cref="Attempt"/> was added without a schema change (older rows read it as null).</summary>
    private sealed record RuntimeDocument(CompensationRun? Compensating, IReadOnlyList<string> JoinArrivals, HumanTask? Task, SagaStepAttempt? Attempt = null);
}
