namespace SagaHub.EntityFrameworkCore;

/// <summary>A saga row.</summary>
internal sealed class SagaRow
{
    public required string SagaType { get; set; }

    public required Guid SagaId { get; set; }

    public required string State { get; set; }

    public bool IsFinal { get; set; }

    public required string Data { get; set; }

    public long Version { get; set; }

    public long LastSequence { get; set; }

    public int DefinitionVersion { get; set; }

    public Guid? DeadlineId { get; set; }

    public DateTimeOffset? DeadlineDueAt { get; set; }

    public SagaDeadlineKind? DeadlineKind { get; set; }

    public Guid? ClaimedDeadlineId { get; set; }

    public DateTimeOffset? ClaimedUntil { get; set; }

    public required string Compensations { get; set; }

    public string? Runtime { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public bool IsParked { get; set; }

    public DateTimeOffset? ExpectedBy { get; set; }

    /// <summary>The search values as a JSON object; null when there are none.</summary>
    public string? SearchValues { get; set; }
}
