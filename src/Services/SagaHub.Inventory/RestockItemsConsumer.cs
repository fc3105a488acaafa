using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Inventory;

namespace SagaHub.Inventory;

/// <summary>
/// Puts the items of a refund back on hand, once per refund id, and publishes <see cref="ItemsRestocked"/>
/// (again, without restocking twice, for a repeated command).
/// </summary>
public sealed class RestockItemsConsumer(InventoryStore store, ILogger<RestockItemsConsumer> logger) : IConsumer<RestockItems>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<RestockItems> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        logger.ItemsRestocked(message.RefundId, message.OrderId, store.Restock(message.RefundId, message.Lines));
        await context.Publish(new ItemsRestocked(message.RefundId, message.OrderId)).ConfigureAwait(false);
    }
}
