using System.Text.Json;

namespace SagaHub.Management;

/// <summary>The body of a dead-letter replay: some ids, or all, of one queue or of every queue.</summary>
internal sealed record DeadLetterReplayRequest(string[]? Ids, string? Queue, bool All, string? By, string? Reason);

/// <summary>The body of a dead-letter delete.</summary>
internal sealed record DeadLetterDeleteRequest(string[]? Ids, string? By, string? Reason);

internal sealed record DeadLetterView(
    string Id,
    string Queue,
    string SourceQueue,
    string? MessageType,
    string? MessageId,
    string? Reason,
    string? ExceptionType,
    string? FaultReason,
    DateTimeOffset? FaultedAt,
    string? SagaType,
    Guid? SagaId,
    JsonElement Body)
{
    public static DeadLetterView Of(DeadLetter d) =>
        new(d.Id, d.Queue, d.SourceQueue, d.MessageType, d.MessageId, d.Reason, d.ExceptionType, d.FaultReason, d.FaultedAt, d.SagaType, d.SagaId, Json(d.Body));

    /// <summary>The body as JSON when it is JSON, else as a string.</summary>
    private static JsonElement Json(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(body);
        }
    }
}

internal sealed record DeadLetterPageView(IReadOnlyList<DeadLetterView> Items);

internal sealed record DeadLetterItemView(string Id, string Outcome, string? Queue, string? MessageType, string? SagaType, Guid? SagaId, string? Detail)
{
    public static DeadLetterItemView Of(DeadLetterOutcome o) =>
        new(o.Id, DeadLetterEndpoints.Name(o.Result), o.Message?.Queue, o.Message?.MessageType, o.Message?.SagaType, o.Message?.SagaId, o.Detail);
}

internal sealed record DeadLetterReplayView(int Replayed, IReadOnlyList<DeadLetterItemView> Items);

internal sealed record DeadLetterDeleteView(int Deleted, IReadOnlyList<DeadLetterItemView> Items);
