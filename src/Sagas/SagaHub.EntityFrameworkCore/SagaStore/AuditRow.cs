namespace SagaHub.EntityFrameworkCore;

/// <summary>An operator audit row (append-only).</summary>
internal sealed class AuditRow
{
    public long Sequence { get; set; }

    public Guid EntryId { get; set; }

    public Guid RequestId { get; set; }

    public DateTimeOffset At { get; set; }

    public required string Actor { get; set; }

    public required string Reason { get; set; }

    public required string Action { get; set; }

    public required string Target { get; set; }

    public OperatorAuditOutcome Outcome { get; set; }

    public string? Summary { get; set; }

    public string? Detail { get; set; }
}
