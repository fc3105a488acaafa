using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Inventory;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Inventory;

/// <summary>
/// Reserves stock for every line of an order, all or nothing, and publishes <see cref="StockReserved"/>
/// or <see cref="StockUnavailable"/> through the outbox, in one transaction with the stock change and
/// the inbox row: a redelivered message changes nothing. A repeated command (a new message) for a
/// reserved order republishes <see cref="StockReserved"/> without reserving twice.
/// </summary>
/// <param name="inbox">The inventory's inbox and outbox.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed class ReserveStockConsumer(TransactionalInbox<InventoryDbContext> inbox, TimeProvider time, ILogger<ReserveStockConsumer> logger) : IConsumer<ReserveStock>
{
    /// <summary>The consumer's name in the inbox.</summary>
    public const string InboxName = "inventory.reserve-stock";

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ReserveStock> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var result = default(ReserveResult);
        var handled = await inbox.RunAsync(context, InboxName, async (db, outbox) =>
        {
            result = await InventoryOperations.ReserveAsync(db, message.OrderId, message.Lines, time.GetUtcNow(), context.CancellationToken).ConfigureAwait(false);
            if (result.Outcome == ReserveOutcome.Unavailable)
            {
                outbox.Publish(new StockUnavailable(message.OrderId, result.Sku, result.Reason));
            }
            else
            {
                outbox.Publish(new StockReserved(message.OrderId));
            }
        }).ConfigureAwait(false);
        if (!handled)
        {
            return;
        }

        switch (result.Outcome)
        {
            case ReserveOutcome.Reserved:
                logger.StockReserved(message.OrderId, message.Lines.Count);
                break;
            case ReserveOutcome.AlreadyReserved:
                logger.StockAlreadyReserved(message.OrderId);
                break;
            default:
                logger.StockUnavailable(message.OrderId, result.Sku, result.Reason);
                break;
        }
    }
}
