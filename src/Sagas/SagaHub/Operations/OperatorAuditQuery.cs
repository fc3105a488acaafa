namespace SagaHub;

/// <summary>Which operator audit entries to list: newest first, optionally of one action, before a sequence number.</summary>
public sealed record OperatorAuditQuery
{
    /// <summary>Only entries of this action (<see cref="OperatorAuditEntry.Action"/>); null for every action.</summary>
    public string? Action { get; init; }

    /// <summary>Only entries appended before the one with this <see cref="OperatorAuditEntry.Sequence"/>: the next page after an entry.</summary>
    public long? Before { get; init; }

    /// <summary>The most entries returned.</summary>
    /// <value>Defaults to 100.</value>
    public int Limit { get; init; } = 100;
}
