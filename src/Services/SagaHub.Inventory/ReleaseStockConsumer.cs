using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Inventory;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Inventory;

/// <summary>
/// Compensation: puts an order's reservation back on hand and always publishes <see cref="StockReleased"/>
/// (through the outbox, in the release's transaction), also when there was nothing (left) to release.
/// </summary>
/// <param name="inbox">The inventory's inbox and outbox.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed class ReleaseStockConsumer(TransactionalInbox<InventoryDbContext> inbox, TimeProvider time, ILogger<ReleaseStockConsumer> logger) : IConsumer<ReleaseStock>
{
    /// <summary>The consumer's name in the inbox.</summary>
    public const string InboxName = "inventory.release-stock";

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ReleaseStock> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var orderId = context.Message.OrderId;
        var released = false;
        var handled = await inbox.RunAsync(context, InboxName, async (db, outbox) =>
        {
            released = await InventoryOperations.ReleaseAsync(db, orderId, time.GetUtcNow(), context.CancellationToken).ConfigureAwait(false);
            outbox.Publish(new StockReleased(orderId));
        }).ConfigureAwait(false);
        if (handled)
        {
            logger.StockReleased(orderId, released);
        }
    }
}
