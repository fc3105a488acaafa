using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Inventory;

namespace SagaHub.Inventory;

/// <summary>
/// Compensation: puts an order's reservation back on hand and always publishes <see cref="StockReleased"/>,
/// also when there was nothing (left) to release.
/// </summary>
public sealed class ReleaseStockConsumer(InventoryStore store, ILogger<ReleaseStockConsumer> logger) : IConsumer<ReleaseStock>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ReleaseStock> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var orderId = context.Message.OrderId;
        logger.StockReleased(orderId, store.Release(orderId));
        await context.Publish(new StockReleased(orderId)).ConfigureAwait(false);
    }
}
