using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Inventory;

namespace SagaHub.Inventory;

/// <summary>
/// Reserves stock for every line of an order, all or nothing, and publishes <see cref="StockReserved"/>
/// or <see cref="StockUnavailable"/>. A repeated command for a reserved order republishes
/// <see cref="StockReserved"/> without reserving twice.
/// </summary>
public sealed class ReserveStockConsumer(InventoryStore store, ILogger<ReserveStockConsumer> logger) : IConsumer<ReserveStock>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ReserveStock> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var result = store.Reserve(message.OrderId, message.Lines);
        switch (result.Outcome)
        {
            case ReserveOutcome.Reserved:
                logger.StockReserved(message.OrderId, message.Lines.Count);
                await context.Publish(new StockReserved(message.OrderId)).ConfigureAwait(false);
                break;
            case ReserveOutcome.AlreadyReserved:
                logger.StockAlreadyReserved(message.OrderId);
                await context.Publish(new StockReserved(message.OrderId)).ConfigureAwait(false);
                break;
            default:
                logger.StockUnavailable(message.OrderId, result.Sku, result.Reason);
                await context.Publish(new StockUnavailable(message.OrderId, result.Sku, result.Reason)).ConfigureAwait(false);
                break;
        }
    }
}
