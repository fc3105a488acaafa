using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SagaHub.Contracts.Shipping;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Shipping;

/// <summary>
/// Hands an order to the simulated carrier and publishes <see cref="OrderShipped"/> or
/// <see cref="ShipmentFailed"/> (rules in <see cref="ShippingOptions"/>) through the outbox, in one
/// transaction with the shipment and the inbox row: a redelivered message changes nothing. A repeated
/// command (a new message) for a shipped order republishes <see cref="OrderShipped"/> with the same
/// tracking number.
/// </summary>
/// <param name="inbox">The shipping inbox and outbox.</param>
/// <param name="options">The carrier's rules.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed class ShipOrderConsumer(
    TransactionalInbox<ShippingDbContext> inbox,
    IOptionsMonitor<ShippingOptions> options,
    TimeProvider time,
    ILogger<ShipOrderConsumer> logger) : IConsumer<ShipOrder>
{
    /// <summary>The consumer's name in the inbox.</summary>
    public const string InboxName = "shipping.ship-order";

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ShipOrder> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        var ct = context.CancellationToken;
        string? failed = null;
        (Shipment Shipment, bool Added)? shipped = null;
        var handled = await inbox.RunAsync(context, InboxName, async (db, outbox) =>
        {
            // An order that was shipped stays shipped, whatever the rules say now.
            if (await ShipmentOperations.FindAsync(db, message.OrderId, ct).ConfigureAwait(false) is null)
            {
                failed = FailureReason(message, options.CurrentValue);
                if (failed is not null)
                {
                    outbox.Publish(new ShipmentFailed(message.OrderId, failed));
                    return;
                }
            }

            var (shipment, added) = await ShipmentOperations.ShipAsync(db, message.OrderId, message.CustomerId, time.GetUtcNow(), ct).ConfigureAwait(false);
            shipped = (shipment, added);
            outbox.Publish(new OrderShipped(shipment.OrderId, shipment.TrackingNumber));
        }).ConfigureAwait(false);
        if (!handled)
        {
            return;
        }

        if (failed is not null)
        {
            logger.ShipmentFailed(message.OrderId, failed);
        }
        else if (shipped is var (shipment, added))
        {
            logger.OrderShipped(shipment.OrderId, shipment.TrackingNumber, added);
        }
    }

    private static string? FailureReason(ShipOrder message, ShippingOptions settings)
    {
        if (message.Lines.Count == 0)
        {
            return "the order has no lines to ship";
        }

        if (settings.FailCustomers.Contains(message.CustomerId))
        {
            return $"the carrier does not deliver to customer '{message.CustomerId}' (rule {ShippingOptions.SectionName}:FailCustomers)";
        }

        var refused = message.Lines.FirstOrDefault(line => settings.FailSkus.Contains(line.Sku));
        return refused is null
            ? null
            : $"the carrier does not carry SKU '{refused.Sku}' (rule {ShippingOptions.SectionName}:FailSkus)";
    }
}
