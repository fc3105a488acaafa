using System.Globalization;
using MassTransit;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Refunds;
using SagaHub.Orders;

namespace SagaHub.OrdersService.Api;

/// <summary><c>/orders</c> and <c>/refunds</c>.</summary>
internal static class OrderEndpoints
{
    /// <summary>
    /// <c>POST /orders</c>: validates, publishes <see cref="OrderSubmitted"/>, answers 202. Without an
    /// <see cref="OrdersApi.IdempotencyKeyHeader"/> the order gets a new id. With one, the id is derived from the key
    /// (<see cref="OrderIdempotency"/>): when the saga already has that order, the request is answered from it (202 with
    /// the same id, nothing published) if its body has the fingerprint stored with the saga, else 422; before the saga
    /// has the row, the submission is published with a message id derived from key and body, so a retry is dropped by
    /// the saga's inbox.
    /// </summary>
    public static async Task<IResult> CreateOrderAsync(HttpContext http, OrdersApiContext api, ISagaStore store, IPublishEndpoint publish, CancellationToken cancellationToken)
    {
        var (key, keyProblem) = OrderIdempotency.Read(http.Request);
        if (keyProblem is not null)
        {
            var keyErrors = new ValidationErrors();
            keyErrors.Add(OrdersApi.IdempotencyKeyHeader, keyProblem);
            return api.Invalid(http, keyErrors);
        }

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

        List<OrderLine> lines = [.. request.Lines!.Select(l => new OrderLine(l!.Sku!, l.Quantity!.Value, l.UnitPrice!.Value))];
        if (key is null)
        {
            var newId = NewId.NextGuid();
            await publish.Publish(new OrderSubmitted(newId, request.CustomerId!, lines), cancellationToken).ConfigureAwait(false);
            api.Logger.OrderAccepted(newId, lines.Count, lines.Sum(l => l.LineTotal));
            return OrderAccepted(newId);
        }

        var orderId = OrderIdempotency.OrderId(key);
        var fingerprint = OrderIdempotency.Fingerprint(request.CustomerId!, lines);
        var snapshot = await store.LoadAsync(api.Sagas.Order, orderId, cancellationToken).ConfigureAwait(false);
        if (snapshot is not null)
        {
            var stored = OrdersApiSagas.ReadData<OrderData>(snapshot);
            if (!string.Equals(stored.IdempotencyKey, key, StringComparison.Ordinal) || !string.Equals(stored.RequestFingerprint, fingerprint, StringComparison.Ordinal))
            {
                api.Logger.IdempotencyKeyReused(orderId);
                return Problems.Status(
                    StatusCodes.Status422UnprocessableEntity,
                    $"{OrdersApi.IdempotencyKeyHeader} reused with another request body",
                    $"The {OrdersApi.IdempotencyKeyHeader} header names order {orderId}, and this request body differs from the first request with that key. Resend the first request's body to learn how that order went, or use a new key for a new order.");
            }

            // The saga has it: answer as the first request was answered, and publish nothing.
            api.Logger.OrderReplayed(orderId, snapshot.State);
            return OrderAccepted(orderId);
        }

        // No row yet: the first request, or a retry while the first submission is still on its way to the saga.
        // Either way the same message id, so the saga handles the submission once.
        var messageId = OrderIdempotency.MessageId(key, fingerprint);
        await publish.Publish(new OrderSubmitted(orderId, request.CustomerId!, lines, key, fingerprint), c => c.MessageId = messageId, cancellationToken).ConfigureAwait(false);
        api.Logger.OrderAccepted(orderId, lines.Count, lines.Sum(l => l.LineTotal));
        return OrderAccepted(orderId);
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

        var order = OrdersApiSagas.ReadData<OrderData>(snapshot);
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

    private static IResult OrderAccepted(Guid orderId) => TypedResults.Accepted($"/orders/{orderId:D}", new OrderAccepted(orderId));

    private static IResult OrderNotFound(Guid orderId) =>
        Problems.NotFound("Order not found", $"order not found (yet): {orderId}. An order accepted a moment ago appears once the order saga has handled its submission.");
}
