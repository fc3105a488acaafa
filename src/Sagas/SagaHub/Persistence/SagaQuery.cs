namespace SagaHub;

/// <summary>A filter over saga rows, with an order and a cursor for paging.</summary>
public sealed record SagaQuery
{
    /// <summary>Only this saga type.</summary>
    public string? SagaType { get; init; }

    /// <summary>Only this saga instance.</summary>
    public Guid? SagaId { get; init; }

    /// <summary>Only this state.</summary>
    public string? State { get; init; }

    /// <summary>Only sagas started at or before this time.</summary>
    public DateTimeOffset? StartedBefore { get; init; }

    /// <summary>Only sagas started at or after this time.</summary>
    public DateTimeOffset? StartedAfter { get; init; }

    /// <summary>Only sagas changed at or before this time.</summary>
    public DateTimeOffset? UpdatedBefore { get; init; }

    /// <summary>Only sagas changed at or after this time.</summary>
    public DateTimeOffset? UpdatedAfter { get; init; }

    /// <summary>Only sagas whose deadline is past at this time (their timer is overdue).</summary>
    public DateTimeOffset? OverdueAt { get; init; }

    /// <summary>Only parked sagas (true) or only sagas that are not parked (false).</summary>
    public bool? Parked { get; init; }

    /// <summary>Only sagas stuck at this time: parked, or not final and past their deadline or their <see cref="SagaSnapshot.ExpectedBy"/>.</summary>
    public DateTimeOffset? StuckAt { get; init; }

    /// <summary>Only sagas whose <see cref="SagaSnapshot.SearchValues"/> hold every one of these name/value pairs.</summary>
    public IReadOnlyDictionary<string, string>? Search { get; init; }

    /// <summary>Include final sagas.</summary>
    /// <value>Defaults to true.</value>
    public bool IncludeFinal { get; init; } = true;

    /// <summary>The order of the rows.</summary>
    /// <value>Defaults to <see cref="SagaQueryOrder.RecentlyUpdated"/>.</value>
    public SagaQueryOrder Order { get; init; } = SagaQueryOrder.RecentlyUpdated;

    /// <summary>Only rows after this one in <see cref="Order"/> (the last row of the previous page).</summary>
    public SagaQueryCursor? After { get; init; }

    /// <summary>At most this many rows (the first ones in <see cref="Order"/>).</summary>
    /// <value>Defaults to 100.</value>
    public int Limit { get; init; } = 100;
}
