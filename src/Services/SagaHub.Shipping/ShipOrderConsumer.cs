using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SagaHub.Contracts.Shipping;

namespace SagaHub.Shipping;

/// <summary>
/// Hands an order to the simulated carrier and publishes <see cref="OrderShipped"/> or
/// <see cref="ShipmentFailed"/> (rules in <see cref="ShippingOptions"/>). A repeated command for a
/// shipped order republishes <see cref="OrderShipped"/> with the same tracking number.
/// </summary>
public sealed class ShipOrderConsumer(
    ShipmentLog log,
    IOptionsMonitor<ShippingOptions> options,
    ILogger<ShipOrderConsumer> logger) : IConsumer<ShipOrder>
{
    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ShipOrder> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;

        // An order that was shipped stays shipped, whatever the rules say now.
        if (log.Find(message.OrderId) is null)
        {
            var reason = FailureReason(message, options.CurrentValue);
            if (reason is not null)
            {
                logger.ShipmentFailed(message.OrderId, reason);
                await context.Publish(new ShipmentFailed(message.OrderId, reason)).ConfigureAwait(false);
                return;
            }
        }

        var (shipment, added) = log.Ship(message.OrderId, message.CustomerId);
        logger.OrderShipped(shipment.OrderId, shipment.TrackingNumber, added);
        await context.Publish(new OrderShipped(shipment.OrderId, shipment.TrackingNumber)).ConfigureAwait(false);
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
