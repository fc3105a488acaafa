using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Inventory;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Inventory;

/// <summary>
/// Puts the items of a refund back on hand, once per refund id, and publishes <see cref="ItemsRestocked"/>
/// through the outbox (again, without restocking twice, for a repeated command).
/// </summary>
/// <param name="inbox">The inventory's inbox and outbox.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed class RestockItemsConsumer(TransactionalInbox<InventoryDbContext> inbox, TimeProvider time, ILogger<RestockItemsConsumer> logger) : IConsumer<RestockItems>
{
    /// <summary>The consumer's name in the inbox.</summary>
    public const string InboxName = "inventory.restock-items";

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RestockItems> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var firstTime = false;
        var handled = await inbox.RunAsync(context, InboxName, async (db, outbox) =>
        {
            firstTime = await InventoryOperations.RestockAsync(db, message.RefundId, message.OrderId, message.Lines, time.GetUtcNow(), context.CancellationToken).ConfigureAwait(false);
            outbox.Publish(new ItemsRestocked(message.RefundId, message.OrderId));
        }).ConfigureAwait(false);
        if (handled)
        {
            logger.ItemsRestocked(message.RefundId, message.OrderId, firstTime);
        }
    }
}
