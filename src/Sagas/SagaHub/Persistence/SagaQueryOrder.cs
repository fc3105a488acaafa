namespace SagaHub;

/// <summary>The order of a <see cref="SagaQuery"/>'s rows; ties are broken by saga id descending, then saga type.</summary>
public enum SagaQueryOrder
{
    /// <summary>Most recently changed first (<see cref="SagaSnapshot.UpdatedAt"/> descending); a row that changes between pages can move.</summary>
    RecentlyUpdated,

    /// <summary>Most recently started first (<see cref="SagaSnapshot.CreatedAt"/> descending): a stable order for paging.</summary>
    NewestStarted,
}
