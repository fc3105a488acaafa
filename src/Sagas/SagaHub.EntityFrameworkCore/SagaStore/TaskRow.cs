namespace SagaHub.EntityFrameworkCore;

/// <summary>A human task row, written with the transition that creates, escalates or closes it.</summary>
internal sealed class TaskRow
{
    public Guid TaskId { get; set; }

    public required string SagaType { get; set; }

    public Guid SagaId { get; set; }

    public required string Name { get; set; }

    public required string State { get; set; }

    public required string Assignee { get; set; }

    public string? EscalateTo { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset DueAt { get; set; }

    public DateTimeOffset? ExpiresAt { get; set; }

    public bool Escalated { get; set; }

    public HumanTaskStatus Status { get; set; }

    public string? DecidedBy { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }
}
