using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using RabbitMQ.Client;

namespace SagaHub.Faults.BadInput;

/// <summary>Where a bad message must end.</summary>
internal enum BadMessageEnd
{
    /// <summary>The saga queue's <c>_error</c> queue, with the expected text in <c>MT-Fault-ExceptionType</c>.</summary>
    ErrorQueue,

    /// <summary>The saga queue's <c>_skipped</c> queue, with the expected text in <c>MT-Reason</c>.</summary>
    SkippedQueue,

    /// <summary>A <c>Rejected</c> row in the saga history, for the message id, with the expected text in its detail.</summary>
    RejectedHistory,
}

/// <summary>One bad message the runner published.</summary>
/// <param name="Case">What was sent, e.g. "malformed JSON on order-saga".</param>
/// <param name="MessageId">The message id it carries (AMQP message_id, the envelope's messageId and the <see cref="BadBusMessages.IdHeader"/> header).</param>
/// <param name="End">Where it must end.</param>
/// <param name="Reason">The text the end must show: part of the fault's exception type, the skip reason, or the rejection's detail.</param>
/// <param name="SagaId">The saga a rejected-history entry belongs to; null otherwise.</param>
internal sealed record SentBadMessage(string Case, Guid MessageId, BadMessageEnd End, string Reason, Guid? SagaId = null)
{
    /// <summary>The expectation in words, for <see cref="BadInputOutcome.Expected"/>.</summary>
    public string Expected => End switch
    {
        BadMessageEnd.ErrorQueue => $"{BadBusMessages.ErrorQueue}, MT-Fault-ExceptionType {Reason}, no retries",
        BadMessageEnd.SkippedQueue => $"{BadBusMessages.SkippedQueue}, MT-Reason {Reason}",
        _ => $"history of {BadBusMessages.SagaType} {SagaId}: Rejected, \"{Reason}\"",
    };
}

/// <summary>
/// The bad bus input of the fault suite: publishes, raw, each kind of bad message to the order saga's queue
/// while the load runs, then finds every one where it must end and reports anything else that ended there.
/// </summary>
internal static class BadBusMessages
{
    public const string Queue = "order-saga";
    public const string ErrorQueue = Queue + "_error";
    public const string SkippedQueue = Queue + "_skipped";
    public const string SagaType = "OrderSaga";

    /// <summary>A header every bad message carries with its id, so it is found even where the transport's message_id is lost.</summary>
    public const string IdHeader = "SagaHub-BadInput-Id";

    /// <summary>The oversize payload's body size: well over the saga endpoint's default 256 KiB limit.</summary>
    public const int OversizeBytes = 4 * 1024 * 1024;

    private const string ContentType = "application/vnd.masstransit+json";
    private const string OrderSubmittedUrn = "urn:message:SagaHub.Contracts.Orders:OrderSubmitted";
    private const string StockReservedUrn = "urn:message:SagaHub.Contracts.Inventory:StockReserved";

    /// <summary>How long <see cref="AccountAsync"/> waits for a sent message to reach its end.</summary>
    public static TimeSpan AccountingDeadline { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Publishes each bad input to <see cref="Queue"/> (default exchange, routing key the queue), with publisher
    /// confirms: malformed JSON, an unknown message type, empty and missing correlation ids, an event for a saga
    /// that does not exist, a trigger not permitted for <paramref name="existingOrderId"/> (a second
    /// OrderSubmitted), and an oversize OrderSubmitted.
    /// </summary>
    public static async Task<IReadOnlyList<SentBadMessage>> SendAllAsync(IConnection connection, Guid existingOrderId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var sent = new List<SentBadMessage>();
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);

        async Task Send(SentBadMessage message, byte[] body)
        {
            var properties = new BasicProperties
            {
                MessageId = message.MessageId.ToString(),
                ContentType = ContentType,
                Persistent = true,
                Headers = new Dictionary<string, object?> { [IdHeader] = message.MessageId.ToString() },
            };
            await channel.BasicPublishAsync(string.Empty, Queue, mandatory: true, properties, body, ct);
            sent.Add(message);
        }

        var id = Guid.NewGuid();
        await Send(
            new SentBadMessage("malformed JSON on order-saga", id, BadMessageEnd.ErrorQueue, "JsonReaderException"),
            Encoding.UTF8.GetBytes("{\"messageId\":\"" + id + "\",\"messageType\":[\"" + OrderSubmittedUrn + "\"],\"message\":{\"orderId\": "));

        id = Guid.NewGuid();
        await Send(
            new SentBadMessage("unknown message type on order-saga", id, BadMessageEnd.SkippedQueue, "dead-letter"),
            Envelope(id, "urn:message:SagaHub.Faults:NoSuchMessage", new JsonObject { ["orderId"] = Guid.NewGuid() }));

        id = Guid.NewGuid();
        await Send(
            new SentBadMessage("OrderSubmitted with an empty orderId", id, BadMessageEnd.ErrorQueue, "SagaCorrelationException"),
            Envelope(id, OrderSubmittedUrn, Order(Guid.Empty)));

        id = Guid.NewGuid();
        var missing = Order(Guid.NewGuid());
        missing.Remove("orderId");
        await Send(new SentBadMessage("OrderSubmitted without orderId", id, BadMessageEnd.ErrorQueue, "SagaCorrelationException"), Envelope(id, OrderSubmittedUrn, missing));

        id = Guid.NewGuid();
        await Send(
            new SentBadMessage("StockReserved with an empty orderId", id, BadMessageEnd.ErrorQueue, "SagaCorrelationException"),
            Envelope(id, StockReservedUrn, new JsonObject { ["orderId"] = Guid.Empty }));

        id = Guid.NewGuid();
        await Send(new SentBadMessage("StockReserved without orderId", id, BadMessageEnd.ErrorQueue, "SagaCorrelationException"), Envelope(id, StockReservedUrn, []));

        id = Guid.NewGuid();
        await Send(
            new SentBadMessage("StockReserved for an order that does not exist", id, BadMessageEnd.ErrorQueue, "SagaNotFoundException"),
            Envelope(id, StockReservedUrn, new JsonObject { ["orderId"] = Guid.NewGuid() }));

        id = Guid.NewGuid();
        await Send(
            new SentBadMessage($"second OrderSubmitted for existing order {existingOrderId}", id, BadMessageEnd.RejectedHistory, "state", existingOrderId),
            Envelope(id, OrderSubmittedUrn, Order(existingOrderId)));

        id = Guid.NewGuid();
        await Send(
            new SentBadMessage($"oversize OrderSubmitted ({OversizeBytes / 1024 / 1024} MiB) on order-saga", id, BadMessageEnd.ErrorQueue, "MessageTooLargeException"),
            Envelope(id, OrderSubmittedUrn, Order(Guid.NewGuid(), padding: OversizeBytes)));

        return sent;
    }

    /// <summary>
    /// Finds each sent message where it must end: takes it from <see cref="ErrorQueue"/> or <see cref="SkippedQueue"/>
    /// (matched by id, the reason header checked) or finds its Rejected row in the saga history of
    /// <paramref name="sagaSchema"/>; waits up to <see cref="AccountingDeadline"/> for the ones not there yet.
    /// Every other message in those two queues is reported as unaccounted (a fault of the load itself) and left there.
    /// </summary>
    public static async Task<IReadOnlyList<BadInputOutcome>> AccountAsync(
        IConnection connection,
        NpgsqlDataSource sagaDatabase,
        string sagaSchema,
        IReadOnlyList<SentBadMessage> sent,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sagaDatabase);
        ArgumentNullException.ThrowIfNull(sent);
        if (!System.Text.RegularExpressions.Regex.IsMatch(sagaSchema, "^[a-z_][a-z0-9_]*$"))
        {
            throw new ArgumentException($"Schema '{sagaSchema}' must be lower-case letters, digits and underscores.", nameof(sagaSchema));
        }

        var byId = sent.ToDictionary(s => s.MessageId);
        var found = new Dictionary<Guid, BadInputOutcome>();
        var unexpected = new Dictionary<string, BadInputOutcome>(StringComparer.Ordinal);
        var deadline = DateTime.UtcNow + AccountingDeadline;
        while (true)
        {
            foreach (var queue in new[] { ErrorQueue, SkippedQueue })
            {
                await DrainAsync(connection, queue, byId, found, unexpected, ct);
            }

            foreach (var message in sent.Where(s => s.End == BadMessageEnd.RejectedHistory && !found.ContainsKey(s.MessageId)))
            {
                if (await RejectionAsync(sagaDatabase, sagaSchema, message, ct) is { } detail)
                {
                    found[message.MessageId] = new BadInputOutcome(message.Case, message.Expected, $"history: Rejected, \"{detail}\"", detail.Contains(message.Reason, StringComparison.Ordinal));
                }
            }

            if (found.Count == sent.Count || DateTime.UtcNow > deadline)
            {
                break;
            }

            // Polling the live broker and database: the runner is another process, with no signal from the hosts.
            await Task.Delay(TimeSpan.FromMilliseconds(500), ct);
        }

        var outcomes = sent.Select(s => found.TryGetValue(s.MessageId, out var o) ? o : new BadInputOutcome(s.Case, s.Expected, "not found", false)).ToList();
        outcomes.AddRange(unexpected.Values);
        return outcomes;
    }

    private static async Task DrainAsync(
        IConnection connection,
        string queue,
        Dictionary<Guid, SentBadMessage> byId,
        Dictionary<Guid, BadInputOutcome> found,
        Dictionary<string, BadInputOutcome> unexpected,
        CancellationToken ct)
    {
        // One channel per pass: what is not ours stays unacknowledged and returns to the queue when the channel closes.
        await using var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        try
        {
            await channel.QueueDeclarePassiveAsync(queue, ct);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return; // no such queue: nothing ever ended there
        }

        while (await channel.BasicGetAsync(queue, autoAck: false, ct) is { } delivery)
        {
            var headers = delivery.BasicProperties.Headers;
            var idText = Text(headers, IdHeader) ?? delivery.BasicProperties.MessageId;
            var exceptionType = Text(headers, "MT-Fault-ExceptionType");
            var faultMessage = Text(headers, "MT-Fault-Message");
            var reason = Text(headers, "MT-Reason");
            var retries = Text(headers, "MT-Fault-RetryCount");
            if (Guid.TryParse(idText, out var id) && byId.TryGetValue(id, out var mine))
            {
                var actual = $"{queue}, MT-Reason {reason ?? "(none)"}, MT-Fault-ExceptionType {exceptionType ?? "(none)"}"
                    + (retries is null ? string.Empty : $", MT-Fault-RetryCount {retries}")
                    + (faultMessage is null ? string.Empty : $": {faultMessage}");
                var accounted = mine.End switch
                {
                    BadMessageEnd.ErrorQueue => queue == ErrorQueue && exceptionType?.Contains(mine.Reason, StringComparison.Ordinal) == true && retries is null or "0",
                    BadMessageEnd.SkippedQueue => queue == SkippedQueue && reason == mine.Reason,
                    _ => false,
                };
                found[id] = new BadInputOutcome(mine.Case, mine.Expected, actual, accounted);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct);
                continue;
            }

            var key = $"{queue}/{idText ?? delivery.DeliveryTag.ToString(CultureInfo.InvariantCulture)}";
            var what = exceptionType is null ? $"MT-Reason {reason ?? "(none)"}" : $"{exceptionType}: {faultMessage}";
            unexpected.TryAdd(key, new BadInputOutcome($"unexpected message in {queue}: {what}", "nothing but the runner's bad input", $"message {idText ?? "(no id)"}", false));
        }
    }

    private static async Task<string?> RejectionAsync(NpgsqlDataSource database, string schema, SentBadMessage message, CancellationToken ct)
    {
        await using var command = database.CreateCommand(
            $"select detail from \"{schema}\".saga_history where saga_type = $1 and saga_id = $2 and message_id = $3 and kind = 'Rejected' limit 1");
        command.Parameters.Add(new NpgsqlParameter { Value = SagaType });
        command.Parameters.Add(new NpgsqlParameter { Value = message.SagaId ?? Guid.Empty });
        command.Parameters.Add(new NpgsqlParameter { Value = message.MessageId });
        return await command.ExecuteScalarAsync(ct) switch
        {
            string detail => detail,
            DBNull => string.Empty,
            _ => null,
        };
    }

    private static string? Text(IDictionary<string, object?>? headers, string key) =>
        headers is not null && headers.TryGetValue(key, out var value)
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                null => null,
                _ => Convert.ToString(value, CultureInfo.InvariantCulture),
            }
            : null;

    private static JsonObject Order(Guid orderId, int padding = 0) => new()
    {
        ["orderId"] = orderId,
        ["customerId"] = "fault-bad-input",
        ["lines"] = new JsonArray(new JsonObject
        {
            ["sku"] = padding > 0 ? new string('X', padding) : "SKU-RED",
            ["quantity"] = 1,
            ["unitPrice"] = 1.00m,
        }),
    };

    private static byte[] Envelope(Guid messageId, string messageType, JsonObject message) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["messageId"] = messageId,
            ["conversationId"] = Guid.NewGuid(),
            ["destinationAddress"] = $"queue:{Queue}",
            ["messageType"] = new JsonArray(messageType),
            ["message"] = message,
            ["sentTime"] = DateTimeOffset.UtcNow,
            ["headers"] = new JsonObject(),
        });
}
