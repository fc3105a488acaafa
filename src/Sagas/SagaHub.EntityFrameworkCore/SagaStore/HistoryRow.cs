namespace SagaHub.EntityFrameworkCore;

/// <summary>A history row (append-only; unique per saga and sequence).</summary>
internal sealed class HistoryRow
{
    public required string SagaType { get; set; }

    public required Guid SagaId { get; set; }

    public long Sequence { get; set; }

    public required string FromState { get; set; }

    public required string ToState { get; set; }

    public required string Trigger { get; set; }

    public Guid? MessageId { get; set; }

    public DateTimeOffset At { get; set; }

    public SagaHistoryKind Kind { get; set; }

    public string? Detail { get; set; }
}
