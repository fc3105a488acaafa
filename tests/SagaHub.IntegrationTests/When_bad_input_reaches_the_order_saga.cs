using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SagaHub.Contracts.Inventory;
using SagaHub.IntegrationTests.Infrastructure;
using SagaHub.Orders;

namespace SagaHub.IntegrationTests;

/// <summary>
/// What each bad input sent raw to the order saga's queue ends as: a fault in <c>order-saga_error</c> with the
/// reason in its headers and no retries, a skip in <c>order-saga_skipped</c>, or a Rejected history entry and an
/// ack; never silence. After each, the host still handles a normal message.
/// </summary>
[Trait("Category", "Integration")]
public sealed class When_bad_input_reaches_the_order_saga(BadInputHostFixture fixture) : IClassFixture<BadInputHostFixture>
{
    private const string OrderSubmittedUrn = "urn:message:SagaHub.Contracts.Orders:OrderSubmitted";
    private const string StockReservedUrn = "urn:message:SagaHub.Contracts.Inventory:StockReserved";

    private SagaHost Host => fixture.Host;

    [Fact]
    public async Task Should_fault_malformed_JSON_to_the_error_queue_as_a_JSON_reader_error_without_retries()
    {
        var id = Guid.NewGuid();
        await PublishAsync(Queues.OrderSaga, id, Encoding.UTF8.GetBytes("{\"messageId\":\"" + id + "\",\"messageType\":[\"" + OrderSubmittedUrn + "\"],\"message\":{\"orderId\": "));

        var fault = await FaultedAsync(Queues.OrderSagaError, id);
        Assert.Equal("System.Text.Json.JsonReaderException", fault["MT-Fault-ExceptionType"]);
        Assert.False(string.IsNullOrEmpty(fault["MT-Fault-Message"]));
        await StillConsumingAsync();
    }

    [Fact]
    public async Task Should_move_a_message_type_no_consumer_handles_to_the_skipped_queue()
    {
        var id = Guid.NewGuid();
        await PublishAsync(Queues.OrderSaga, id, Envelope(id, "urn:message:SagaHub.Tests:NoSuchMessage", new JsonObject { ["orderId"] = Guid.NewGuid() }));

        await fixture.Received.Finished(id);
        var skipped = await RawBus.FindAsync(fixture.Rabbit, Queues.OrderSagaSkipped, id);
        Assert.NotNull(skipped);
        Assert.Equal("dead-letter", skipped["MT-Reason"]);
        Assert.Null(await TakeAsync(Queues.OrderSagaError, id));
        await StillConsumingAsync();
    }

    [Theory]
    [InlineData(OrderSubmittedUrn, true)]
    [InlineData(OrderSubmittedUrn, false)]
    [InlineData(StockReservedUrn, true)]
    [InlineData(StockReservedUrn, false)]
    public async Task Should_fault_a_message_with_an_empty_or_missing_order_id_as_uncorrelated_without_retries(string messageType, bool empty)
    {
        var id = Guid.NewGuid();
        var body = messageType == OrderSubmittedUrn ? Order(Guid.Empty) : new JsonObject { ["orderId"] = Guid.Empty };
        if (!empty)
        {
            body.Remove("orderId");
        }

        await PublishAsync(Queues.OrderSaga, id, Envelope(id, messageType, body));

        var fault = await FaultedAsync(Queues.OrderSagaError, id);
        Assert.Equal(typeof(SagaCorrelationException).FullName, fault["MT-Fault-ExceptionType"]);
        Assert.Contains("empty correlation id", fault["MT-Fault-Message"], StringComparison.Ordinal);
        await StillConsumingAsync();
    }

    [Fact]
    public async Task Should_fault_an_event_for_an_order_that_does_not_exist_as_not_found_without_retries()
    {
        var id = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        await PublishAsync(Queues.OrderSaga, id, Envelope(id, StockReservedUrn, new JsonObject { ["orderId"] = orderId }));

        var fault = await FaultedAsync(Queues.OrderSagaError, id);
        Assert.Equal(typeof(SagaNotFoundException).FullName, fault["MT-Fault-ExceptionType"]);
        Assert.Contains(orderId.ToString(), fault["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Null(await Host.Store.LoadAsync(nameof(OrderSaga), orderId));
        await StillConsumingAsync();
    }

    [Fact]
    public async Task Should_record_a_second_OrderSubmitted_for_a_completed_order_as_a_rejected_history_entry_and_acknowledge_it()
    {
        var orderId = await fixture.CompleteAnOrderAsync();
        var id = Guid.NewGuid();
        await PublishAsync(Queues.OrderSaga, id, Envelope(id, OrderSubmittedUrn, Order(orderId)));

        await fixture.Received.Finished(id);
        var rejected = Assert.Single(await Host.Store.GetHistoryAsync(nameof(OrderSaga), orderId), h => h.MessageId == id);
        Assert.Equal(SagaHistoryKind.Rejected, rejected.Kind);
        Assert.Contains("final state Completed", rejected.Detail, StringComparison.Ordinal);
        Assert.Null(await TakeAsync(Queues.OrderSagaError, id));
        Assert.Null(await TakeAsync(Queues.OrderSagaSkipped, id));
        Assert.Equal(nameof(OrderStatus.Completed), (await Host.Store.LoadAsync(nameof(OrderSaga), orderId))!.State);
    }

    [Fact]
    public async Task Should_record_a_trigger_not_permitted_in_the_current_state_as_a_rejected_history_entry_and_still_complete_the_order()
    {
        var orderId = await fixture.SubmitAsync();
        await Host.Watcher.WaitForStateAsync(orderId, nameof(OrderStatus.Reserving));

        // PaymentCaptured while Reserving: not permitted.
        var id = Guid.NewGuid();
        await PublishAsync(Queues.OrderSaga, id, Envelope(id, "urn:message:SagaHub.Contracts.Payments:PaymentCaptured", new JsonObject { ["orderId"] = orderId, ["amount"] = 10.00m, ["idempotencyKey"] = "x" }));
        await fixture.Received.Finished(id);

        var rejected = Assert.Single(await Host.Store.GetHistoryAsync(nameof(OrderSaga), orderId), h => h.MessageId == id);
        Assert.Equal(SagaHistoryKind.Rejected, rejected.Kind);
        Assert.Equal("PaymentCaptured is not permitted in state Reserving", rejected.Detail);
        Assert.Null(await TakeAsync(Queues.OrderSagaError, id));

        await Host.Bus.Publish(new StockReserved(orderId));
        await Host.Watcher.WaitForStateAsync(orderId, nameof(OrderStatus.Completed));
    }

    [Fact]
    public async Task Should_fault_an_oversize_message_as_too_large_without_retries_and_start_no_saga()
    {
        var id = Guid.NewGuid();
        var orderId = Guid.NewGuid();
        var body = Envelope(id, OrderSubmittedUrn, Order(orderId, sku: new string('X', 4 * 1024 * 1024)));
        await PublishAsync(Queues.OrderSaga, id, body);

        var fault = await FaultedAsync(Queues.OrderSagaError, id);
        Assert.Equal(typeof(MessageTooLargeException).FullName, fault["MT-Fault-ExceptionType"]);
        Assert.Contains($"{body.Length} bytes", fault["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Contains($"limit of {MessageSizeLimit.DefaultMaxMessageSize} bytes", fault["MT-Fault-Message"], StringComparison.Ordinal);
        Assert.Null(await Host.Store.LoadAsync(nameof(OrderSaga), orderId));
        await StillConsumingAsync();
    }

    [Fact]
    public async Task Should_fault_an_oversize_message_on_a_service_queue_as_too_large()
    {
        var id = Guid.NewGuid();
        var body = Envelope(id, "urn:message:SagaHub.Contracts.Payments:ChargePayment", new JsonObject
        {
            ["orderId"] = Guid.NewGuid(),
            ["customerId"] = new string('C', 512 * 1024),
            ["amount"] = 1.00m,
            ["idempotencyKey"] = "k",
        });
        await PublishAsync(Queues.Payments, id, body);

        var fault = await FaultedAsync(Queues.Payments + "_error", id);
        Assert.Equal(typeof(MessageTooLargeException).FullName, fault["MT-Fault-ExceptionType"]);
    }

    [Fact]
    public async Task Should_handle_a_message_just_under_the_limit()
    {
        var orderId = Guid.NewGuid();
        var id = Guid.NewGuid();
        var body = Envelope(id, OrderSubmittedUrn, Order(orderId, sku: new string('X', MessageSizeLimit.DefaultMaxMessageSize - 1024)));
        Assert.InRange(body.Length, MessageSizeLimit.DefaultMaxMessageSize - 1024, MessageSizeLimit.DefaultMaxMessageSize);
        await PublishAsync(Queues.OrderSaga, id, body);

        await Host.Watcher.WaitForStateAsync(orderId, nameof(OrderStatus.Reserving));
    }

    /// <summary>A normal order still gets handled: the host kept consuming.</summary>
    private async Task StillConsumingAsync()
    {
        var id = await fixture.SubmitAsync();
        await Host.Watcher.WaitForStateAsync(id, nameof(OrderStatus.Reserving));
    }

    private async Task PublishAsync(string queue, Guid messageId, byte[] body) =>
        await RawBus.PublishAsync(fixture.Rabbit, queue, messageId, body);

    /// <summary>Waits until the host is done with the message, then takes it from the error queue; asserts it was not retried.</summary>
    private async Task<IReadOnlyDictionary<string, string?>> FaultedAsync(string errorQueue, Guid messageId)
    {
        await fixture.Received.Finished(messageId);
        var headers = await RawBus.FindAsync(fixture.Rabbit, errorQueue, messageId);
        Assert.True(headers is not null, $"message {messageId} is not in {errorQueue}");
        Assert.Equal("fault", headers["MT-Reason"]);
        Assert.False(headers.ContainsKey("MT-Fault-RetryCount"), $"retried {headers.GetValueOrDefault("MT-Fault-RetryCount")} times");
        return headers;
    }

    private Task<IReadOnlyDictionary<string, string?>?> TakeAsync(string queue, Guid messageId) => RawBus.TakeAsync(fixture.Rabbit, queue, messageId);

    private static JsonObject Order(Guid orderId, string sku = "SKU-RED") => new()
    {
        ["orderId"] = orderId,
        ["customerId"] = "it-bad-input",
        ["lines"] = new JsonArray(new JsonObject { ["sku"] = sku, ["quantity"] = 1, ["unitPrice"] = 10.00m }),
    };

    private static byte[] Envelope(Guid messageId, string messageType, JsonObject message) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["messageId"] = messageId,
            ["messageType"] = new JsonArray(messageType),
            ["message"] = message,
            ["sentTime"] = DateTimeOffset.UtcNow,
        });

    private static class Queues
    {
        public const string OrderSaga = "order-saga";
        public const string OrderSagaError = "order-saga_error";
        public const string OrderSagaSkipped = "order-saga_skipped";
        public const string Payments = SagaHub.Contracts.Queues.Payments;
    }
}
