namespace SagaHub;

/// <summary>Where a page of a <see cref="SagaQuery"/> ended: the last row's order key.</summary>
/// <param name="At">The last row's <see cref="SagaSnapshot.UpdatedAt"/> or <see cref="SagaSnapshot.CreatedAt"/>, as the query's order uses.</param>
/// <param name="SagaId">The last row's saga id.</param>
/// <param name="SagaType">The last row's saga type.</param>
public sealed record SagaQueryCursor(DateTimeOffset At, Guid SagaId, string SagaType)
{
    /// <summary>The cursor after <paramref name="row"/> in <paramref name="order"/>.</summary>
    /// <param name="row">The last row of a page.</param>
    /// <param name="order">The query's order.</param>
    /// <returns>The cursor.</returns>
    public static SagaQueryCursor After(SagaSnapshot row, SagaQueryOrder order)
    {
        ArgumentNullException.ThrowIfNull(row);
        return new(order == SagaQueryOrder.NewestStarted ? row.CreatedAt : row.UpdatedAt, row.SagaId, row.SagaType);
    }
}
