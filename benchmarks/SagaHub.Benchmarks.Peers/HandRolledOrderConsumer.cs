using MassTransit;
using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Shipping;

namespace SagaHub.Benchmarks.Peers;

/// <summary>
/// The order flow as teams write it before adopting a framework: per message one autocommit
/// statement on a status table, then send or publish the next message. No inbox, no outbox, no
/// history: a crash between the statement and the send loses the send, a redelivery after the send
/// finds the order moved on and does nothing. Messages for unknown orders, or for an order in another
/// status, are dropped.
/// </summary>
/// <param name="orders">The status table.</param>
public sealed class HandRolledOrderConsumer(HandRolledOrderTable orders) :
    IConsumer<OrderSubmitted>,
    IConsumer<StockReserved>,
    IConsumer<StockUnavailable>,
    IConsumer<PaymentCaptured>,
    IConsumer<PaymentDeclined>,
    IConsumer<OrderShipped>,
    IConsumer<ShipmentFailed>
{
    private static readonly Uri InventoryQueue = new($"queue:{Queues.Inventory}");
    private static readonly Uri PaymentsQueue = new($"queue:{Queues.Payments}");
    private static readonly Uri ShippingQueue = new($"queue:{Queues.Shipping}");

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<OrderSubmitted> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var m = context.Message;
        if (await orders.InsertAsync(m, m.Lines.Sum(l => l.LineTotal), HandRolledStatus.Reserving, context.CancellationToken).ConfigureAwait(false))
        {
            await SendAsync(context, InventoryQueue, new ReserveStock(m.OrderId, m.Lines)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<StockReserved> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Message.OrderId;
        if (await MoveAsync(context, id, HandRolledStatus.Reserving, HandRolledStatus.Charging).ConfigureAwait(false) is { } order)
        {
            await SendAsync(context, PaymentsQueue, new ChargePayment(id, order.CustomerId, order.Total, PeerKeys.Charge(id))).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<StockUnavailable> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Message.OrderId;
        if (await MoveAsync(context, id, HandRolledStatus.Reserving, HandRolledStatus.Rejected).ConfigureAwait(false) is { } order)
        {
            await context.Publish(new OrderRejected(id, order.CustomerId, context.Message.Reason), context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<PaymentCaptured> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Message.OrderId;
        if (await MoveAsync(context, id, HandRolledStatus.Charging, HandRolledStatus.Shipping, withLines: true).ConfigureAwait(false) is { } order)
        {
            await SendAsync(context, ShippingQueue, new ShipOrder(id, order.CustomerId, order.Lines)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<PaymentDeclined> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Message.OrderId;
        if (await MoveAsync(context, id, HandRolledStatus.Charging, HandRolledStatus.Cancelled).ConfigureAwait(false) is { } order)
        {
            await SendAsync(context, InventoryQueue, new ReleaseStock(id)).ConfigureAwait(false);
            await context.Publish(new OrderCancelled(id, order.CustomerId, context.Message.Reason), context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<OrderShipped> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Message.OrderId;
        if (await MoveAsync(context, id, HandRolledStatus.Shipping, HandRolledStatus.Completed).ConfigureAwait(false) is { } order)
        {
            await context.Publish(new OrderCompleted(id, order.CustomerId, order.Total), context.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<ShipmentFailed> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var id = context.Message.OrderId;
        if (await MoveAsync(context, id, HandRolledStatus.Shipping, HandRolledStatus.Cancelled).ConfigureAwait(false) is { } order)
        {
            await SendAsync(context, PaymentsQueue, new RefundPayment(id, order.Total, PeerKeys.Refund(id))).ConfigureAwait(false);
            await SendAsync(context, InventoryQueue, new ReleaseStock(id)).ConfigureAwait(false);
            await context.Publish(new OrderCancelled(id, order.CustomerId, context.Message.Reason), context.CancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task SendAsync<T>(ConsumeContext context, Uri queue, T message)
        where T : class
    {
        var endpoint = await context.GetSendEndpoint(queue).ConfigureAwait(false);
        await endpoint.Send(message, context.CancellationToken).ConfigureAwait(false);
    }

    private Task<HandRolledOrder?> MoveAsync(ConsumeContext context, Guid orderId, string from, string to, bool withLines = false) =>
        orders.MoveAsync(orderId, from, to, withLines, context.CancellationToken);
}
