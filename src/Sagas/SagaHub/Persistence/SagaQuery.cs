namespace SagaHub;

/// <summary>A filter over saga rows.</summary>
public sealed record SagaQuery
{
    /// <summary>Only this saga type.</summary>
    public string? SagaType { get; init; }

    /// <summary>Only this state.</summary>
    public string? State { get; init; }

    /// <summary>Only sagas started at or before this time.</summary>
    public DateTimeOffset? StartedBefore { get; init; }

    /// <summary>Only sagas whose deadline is past at this time (stuck: their timer is overdue).</summary>
    public DateTimeOffset? OverdueAt { get; init; }

    /// <summary>Include final sagas.</summary>
    /// <value>Defaults to true.</value>
    public bool IncludeFinal { get; init; } = true;

    /// <summary>At most this many rows (the most recently changed ones).</summary>
    /// <value>Defaults to 100.</value>
    public int Limit { get; init; } = 100;
}
