using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;
using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Faults.BadInput;
using SagaHub.IntegrationTests.Infrastructure;
using SagaHub.Notifications;
using SagaHub.Orders;
using SagaHub.Payments;
using SagaHub.Shipping;

namespace SagaHub.IntegrationTests;

/// <summary>
/// A saga host with OrderSaga and the payments, shipping and notifications services, in a RabbitMQ virtual host
/// of its own (the order saga's queues have fixed names, and other test runs may share the tests' vhost). There
/// is no inventory service: a test plays it (publishes StockReserved), so it can hold an order in Reserving.
/// </summary>
public sealed class BadInputHostFixture : IAsyncLifetime
{
    public string VirtualHost { get; } = $"sagahub-badinput-{Guid.NewGuid():N}"[..30];

    public string Schema { get; } = IntegrationSettings.UniqueSchema("badinput");

    public SagaHost Host { get; private set; } = null!;

    public IConnection Rabbit { get; private set; } = null!;

    public ReceiveWatcher Received => Host.Services.GetRequiredService<ReceiveWatcher>();

    public async Task InitializeAsync()
    {
        await RabbitVirtualHost.CreateAsync(VirtualHost);
        static RetryOptions Fast() => new() { RetryLimit = 1, MinInterval = TimeSpan.FromMilliseconds(5), MaxInterval = TimeSpan.FromMilliseconds(10), IntervalDelta = TimeSpan.FromMilliseconds(5) };
        Host = await SagaHost.StartAsync(
            Schema,
            hub => hub.AddSaga<OrderSaga>(),
            bus: x =>
            {
                x.AddPaymentsService(o => o.Retry = Fast());
                x.AddShippingService(o => o.Retry = Fast());
                x.AddNotificationsService(o => o.Retry = Fast());
            },
            services: s =>
            {
                s.AddSingleton<ReceiveWatcher>();
                s.AddReceiveObserver(sp => sp.GetRequiredService<ReceiveWatcher>());
            },
            virtualHost: VirtualHost);
        Rabbit = await new ConnectionFactory
        {
            HostName = IntegrationSettings.RabbitHost,
            VirtualHost = VirtualHost,
            UserName = IntegrationSettings.RabbitUser,
            Password = IntegrationSettings.RabbitPassword,
        }.CreateConnectionAsync();
    }

    public async Task DisposeAsync()
    {
        await Rabbit.DisposeAsync();
        await Host.DisposeAsync();
        await RabbitVirtualHost.DeleteAsync(VirtualHost);
    }

    /// <summary>Submits an order and plays the inventory service, so the order runs to Completed.</summary>
    public async Task<Guid> CompleteAnOrderAsync()
    {
        var id = await SubmitAsync();
        await Host.Watcher.WaitForStateAsync(id, nameof(OrderStatus.Reserving));
        await Host.Bus.Publish(new StockReserved(id));
        await Host.Watcher.WaitForStateAsync(id, nameof(OrderStatus.Completed));
        return id;
    }

    public async Task<Guid> SubmitAsync()
    {
        var id = Guid.NewGuid();
        await Host.Bus.Publish(new OrderSubmitted(id, "it-bad-input", [new OrderLine("SKU-RED", 1, 10.00m)]));
        return id;
    }
}

/// <summary>
/// What each bad input sent raw to the order saga's queue ends as: a fault in <c>order-saga_error</c> with the
/// reason in its headers and no retries, a skip in <c>order-saga_skipped</c>, or a Rejected history entry and an
/// ack; never silence. After each, the host still handles a normal message.
/// </summary>
[Trait("Category", "Integration")]
public sealed class BadInputTests(BadInputHostFixture fixture) : IClassFixture<BadInputHostFixture>
{
    private const string OrderSubmittedUrn = "urn:message:SagaHub.Contracts.Orders:OrderSubmitted";
    private const string StockReservedUrn = "urn:message:SagaHub.Contracts.Inventory:StockReserved";

    private SagaHost Host => fixture.Host;

    [Fact]
    public async Task Malformed_JSON_faults_to_the_error_queue_as_a_JSON_reader_error_without_retries()
    {
        var id = Guid.NewGuid();
        await PublishAsync(Queues.OrderSaga, id, Encoding.UTF8.GetBytes("{\"messageId\":\"" + id + "\",\"messageType\":[\"" + OrderSubmittedUrn + "\"],\"message\":{\"orderId\": "));

        var fault = await FaultedAsync(Queues.OrderSagaError, id);
        Assert.Equal("System.Text.Json.JsonReaderException", fault["MT-Fault-ExceptionType"]);
        Assert.False(string.IsNullOrEmpty(fault["MT-Fault-Message"]));
        await StillConsumingAsync();
    }

    [Fact]
    public async Task A_message_type_no_consumer_handles_is_moved_to_the_skipped_queue()
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
    public async Task A_message_with_an_empty_or_missing_order_id_faults_as_uncorrelated_without_retries(string messageType, bool empty)
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
    public async Task An_event_for_an_order_that_does_not_exist_faults_as_not_found_without_retries()
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
    public async Task A_second_OrderSubmitted_for_a_completed_order_is_a_rejected_history_entry_and_acknowledged()
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
    public async Task A_trigger_not_permitted_in_the_current_state_is_a_rejected_history_entry_and_the_order_still_completes()
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
    public async Task An_oversize_message_faults_as_too_large_without_retries_and_starts_no_saga()
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
    public async Task An_oversize_message_on_a_service_queue_faults_as_too_large()
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
    public async Task A_message_just_under_the_limit_is_handled()
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

/// <summary>The fault runner's bad-bus-input module against a live host: everything it sends is found where it must end.</summary>
[Trait("Category", "Integration")]
public sealed class When_the_fault_runner_sends_bad_input(BadInputHostFixture fixture) : IClassFixture<BadInputHostFixture>
{
    [Fact]
    public async Task Every_bad_message_is_accounted_for_and_the_host_keeps_consuming()
    {
        var existing = await fixture.CompleteAnOrderAsync();

        var sent = await BadBusMessages.SendAllAsync(fixture.Rabbit, existing, CancellationToken.None);
        await using var database = NpgsqlDataSource.Create(IntegrationSettings.PostgreSql);
        var outcomes = await BadBusMessages.AccountAsync(fixture.Rabbit, database, fixture.Schema, sent, CancellationToken.None);

        Assert.Equal(sent.Count, outcomes.Count); // nothing unexpected in the error or skipped queue
        Assert.All(outcomes, o => Assert.True(o.Accounted, $"{o.Case}: expected {o.Expected}, found {o.Actual}"));
        await fixture.CompleteAnOrderAsync();
    }

    [Fact]
    public async Task A_fault_of_the_load_itself_is_reported_as_unexpected()
    {
        // Something the runner did not send: an event for a saga that does not exist, faulted by the host.
        var stray = Guid.NewGuid();
        await fixture.Host.SendAsync("order-saga", new StockReserved(Guid.NewGuid()), stray);
        await fixture.Received.Finished(stray);
        Assert.NotNull(await RawBus.FindAsync(fixture.Rabbit, "order-saga_error", stray, take: false));

        await using var database = NpgsqlDataSource.Create(IntegrationSettings.PostgreSql);
        var outcomes = await BadBusMessages.AccountAsync(fixture.Rabbit, database, fixture.Schema, [], CancellationToken.None);

        var unexpected = Assert.Single(outcomes, o => o.Actual.Contains(stray.ToString(), StringComparison.Ordinal));
        Assert.False(unexpected.Accounted);
        Assert.StartsWith("unexpected message in order-saga_error: SagaHub.SagaNotFoundException", unexpected.Case, StringComparison.Ordinal);
        Assert.NotNull(await RawBus.FindAsync(fixture.Rabbit, "order-saga_error", stray)); // left in the queue, then cleaned up here
    }
}

/// <summary>
/// Tells a test when the host is done with a message (handled, skipped, or moved to the error queue; the
/// move is confirmed by the broker before this fires), by the message's id in transport header or message id.
/// </summary>
public sealed class ReceiveWatcher : IReceiveObserver
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> done = new();

    public Task Finished(Guid messageId) => Source(messageId).Task.WaitAsync(TimeSpan.FromSeconds(30));

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context)
    {
        Complete(context);
        return Task.CompletedTask;
    }

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class => Task.CompletedTask;

    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        Complete(context);
        return Task.CompletedTask;
    }

    private void Complete(ReceiveContext context)
    {
        var id = context.TransportHeaders.Get<string>(RawBus.IdHeader) ?? context.TransportHeaders.Get<string>(MessageHeaders.MessageId);
        if (Guid.TryParse(id, out var messageId))
        {
            Source(messageId).TrySetResult();
        }
    }

    private TaskCompletionSource Source(Guid messageId) =>
        done.GetOrAdd(messageId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
}

/// <summary>Raw AMQP: publish bytes to a queue, take one message (by id) from a queue.</summary>
public static class RawBus
{
    public const string IdHeader = BadBusMessages.IdHeader;

    public static async Task PublishAsync(IConnection connection, string queue, Guid messageId, byte[] body)
    {
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true));
        var properties = new BasicProperties
        {
            MessageId = messageId.ToString(),
            ContentType = "application/vnd.masstransit+json",
            Persistent = true,
            Headers = new Dictionary<string, object?> { [IdHeader] = messageId.ToString() },
        };
        await channel.BasicPublishAsync(string.Empty, queue, mandatory: true, properties, body);
    }

    /// <summary>
    /// Finds the message with the id in the queue (and takes it, unless told not to), waiting up to 10 s. Callers first
    /// wait for the host to be done with the message (<see cref="ReceiveWatcher"/>), but MassTransit may tell its
    /// receive observers of a fault before its move to the error queue is visible on the broker; there is no other
    /// signal for that, so this polls the live broker, with a bounded deadline.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string?>?> FindAsync(IConnection connection, string queue, Guid messageId, bool take = true)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (true)
        {
            if (await TakeAsync(connection, queue, messageId, take) is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                return null;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }

    /// <summary>
    /// Takes the message with the id from the queue (one pass of basic.get, no waiting); others stay unacknowledged
    /// and go back when the channel closes. Null when it is not there, or the queue does not exist.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string?>?> TakeAsync(IConnection connection, string queue, Guid messageId, bool take = true)
    {
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            await channel.QueueDeclarePassiveAsync(queue);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null; // no such queue: nothing ever ended there
        }

        while (await channel.BasicGetAsync(queue, autoAck: false) is { } delivery)
        {
            var headers = (delivery.BasicProperties.Headers ?? new Dictionary<string, object?>())
                .ToDictionary(h => h.Key, h => h.Value is byte[] b ? Encoding.UTF8.GetString(b) : h.Value?.ToString());
            if (headers.GetValueOrDefault(IdHeader) == messageId.ToString() || delivery.BasicProperties.MessageId == messageId.ToString())
            {
                if (take)
                {
                    await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false);
                }

                return headers;
            }
        }

        return null;
    }
}

/// <summary>A RabbitMQ virtual host of a test's own, made with rabbitmqctl (the local broker of scripts/infra-up.sh; needs root).</summary>
public static class RabbitVirtualHost
{
    public static async Task CreateAsync(string name)
    {
        await RunAsync("add_vhost", name);
        await RunAsync("set_permissions", "-p", name, IntegrationSettings.RabbitUser, ".*", ".*", ".*");
    }

    public static Task DeleteAsync(string name) => RunAsync("delete_vhost", name);

    private static async Task RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("rabbitmqctl") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("rabbitmqctl did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"rabbitmqctl {string.Join(' ', arguments)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
