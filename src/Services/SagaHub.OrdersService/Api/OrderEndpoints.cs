using System.Globalization;
using MassTransit;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Refunds;
using SagaHub.Orders;

namespace SagaHub.OrdersService.Api;

/// <summary><c>/orders</c> and <c>/refunds</c>.</summary>
internal static class OrderEndpoints
{
    /// <summary><c>POST /orders</c>: validates, publishes <see cref="OrderSubmitted"/> with a new id, answers 202.</summary>
    public static async Task<IResult> CreateOrderAsync(HttpContext http, OrdersApiContext api, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        var body = await api.ReadBodyAsync<CreateOrderRequest>(http, cancellationToken).ConfigureAwait(false);
        if (body.Value is not { } request)
        {
            return body.Problem!;
        }

        var errors = Validation.Order(request, api.Options);
        if (!errors.IsEmpty)
        {
            return api.Invalid(http, errors);
        }

        var orderId = NewId.NextGuid();
        List<OrderLine> lines = [.. request.Lines!.Select(l => new OrderLine(l!.Sku!, l.Quantity!.Value, l.UnitPrice!.Value))];
        await publish.Publish(new OrderSubmitted(orderId, request.CustomerId!, lines), cancellationToken).ConfigureAwait(false);
        api.Logger.OrderAccepted(orderId, lines.Count, lines.Sum(l => l.LineTotal));
        return TypedResults.Accepted($"/orders/{orderId:D}", new OrderAccepted(orderId));
    }

    /// <summary><c>GET /orders/{orderId}</c>: the order saga's row, data and history; 404 until the saga has started.</summary>
    public static async Task<IResult> GetOrderAsync(Guid orderId, OrdersApiContext api, ISagaStore store, CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(api.Sagas.Order, orderId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return OrderNotFound(orderId);
        }

        var history = await store.GetHistoryAsync(api.Sagas.Order, orderId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(Views.Order(snapshot, history));
    }

    /// <summary>
    /// <c>POST /orders/{orderId}/refunds</c>: for a Completed order, checks the returned lines against the order's
    /// lines, publishes <see cref="RefundRequested"/> with the order's customer, the returned lines (priced as
    /// ordered) and a new refund id, answers 202.
    /// </summary>
    public static async Task<IResult> CreateRefundAsync(Guid orderId, HttpContext http, OrdersApiContext api, ISagaStore store, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        var body = await api.ReadBodyAsync<CreateRefundRequest>(http, cancellationToken).ConfigureAwait(false);
        if (body.Value is not { } request)
        {
            return body.Problem!;
        }

        var errors = Validation.Refund(request, api.Options);
        if (!errors.IsEmpty)
        {
            return api.Invalid(http, errors);
        }

        var snapshot = await store.LoadAsync(api.Sagas.Order, orderId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return OrderNotFound(orderId);
        }

        if (snapshot.State != nameof(OrderStatus.Completed))
        {
            return Problems.Conflict("Order is not completed", $"Order {orderId} is {snapshot.State}; only a {nameof(OrderStatus.Completed)} order can be refunded.");
        }

        var order = OrdersApiSagas.ReadData<OrderState>(snapshot);
        var amount = request.Amount!.Value;
        if (amount > order.Total)
        {
            errors.Add("amount", string.Create(CultureInfo.InvariantCulture, $"The amount must be at most the order total, {order.Total:0.00}."));
        }

        var returned = Validation.ReturnedLines(request, orderId, order.Lines, errors);
        if (!errors.IsEmpty)
        {
            return api.Invalid(http, errors);
        }

        var refundId = NewId.NextGuid();
        await publish.Publish(new RefundRequested(refundId, orderId, order.CustomerId, amount, request.Reason!, returned), cancellationToken).ConfigureAwait(false);
        api.Logger.RefundAccepted(refundId, orderId, amount, returned.Sum(l => l.Quantity));
        return TypedResults.Accepted($"/refunds/{refundId:D}", new RefundAccepted(refundId));
    }

    /// <summary><c>GET /refunds/{refundId}</c>: the refund saga's row, data and history.</summary>
    public static async Task<IResult> GetRefundAsync(Guid refundId, OrdersApiContext api, ISagaStore store, CancellationToken cancellationToken)
    {
        var snapshot = await store.LoadAsync(api.Sagas.Refund, refundId, cancellationToken).ConfigureAwait(false);
        if (snapshot is null)
        {
            return Problems.NotFound("Refund not found", $"refund not found (yet): {refundId}. A refund accepted a moment ago appears once the refund saga has handled the request.");
        }

        var history = await store.GetHistoryAsync(api.Sagas.Refund, refundId, cancellationToken).ConfigureAwait(false);
        return TypedResults.Ok(Views.Refund(snapshot, history));
    }

    private static IResult OrderNotFound(Guid orderId) =>
        Problems.NotFound("Order not found", $"order not found (yet): {orderId}. An order accepted a moment ago appears once the order saga has handled its submission.");
}
