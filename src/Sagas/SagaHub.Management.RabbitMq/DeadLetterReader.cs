using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RabbitMQ.Client;

namespace SagaHub.Management.RabbitMq;

/// <summary>Reads one message of a dead-letter queue: its ids and type from the MassTransit envelope, the fault from the headers, the saga.</summary>
internal static partial class DeadLetterReader
{
    /// <summary>The header SagaHub's outbox stamps on every message a saga sends, naming the saga (<c>OutboxMessageSender</c>).</summary>
    public const string SagaHeader = "SagaHub-Saga";

    public static DeadLetter Read(string queue, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, ISagaRegistry? registry)
    {
        var headers = Headers(properties.Headers);
        var text = Encoding.UTF8.GetString(body.Span);
        var envelope = Envelope(text);
        var messageId = NotEmpty(properties.MessageId) ?? envelope.MessageId;
        var source = QueueNames.SourceOf(queue);
        var reason = headers.GetValueOrDefault("MT-Reason");
        var (sagaType, sagaId) = Saga(source, headers, envelope, registry);
        return new DeadLetter
        {
            Id = messageId ?? "sha256:" + Convert.ToHexStringLower(SHA256.HashData(body.Span))[..32],
            Queue = queue,
            SourceQueue = source,
            MessageType = envelope.MessageType is { } urn ? ShortType(urn) : NotEmpty(properties.Type),
            MessageId = messageId,
            Reason = reason,
            ExceptionType = headers.GetValueOrDefault("MT-Fault-ExceptionType"),
            FaultReason = headers.GetValueOrDefault("MT-Fault-Message")
                ?? (reason == "dead-letter" ? $"Skipped: no consumer on {source} handles this message type." : null),
            FaultedAt = DateTimeOffset.TryParse(headers.GetValueOrDefault("MT-Fault-Timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) ? at : null,
            SagaType = sagaType,
            SagaId = sagaId,
            Body = text,
        };
    }

    /// <summary>A MassTransit message urn without its namespaces: <c>urn:message:A.B:Order</c> → <c>Order</c>, generics as <c>Fault&lt;Order&gt;</c>.</summary>
    public static string ShortType(string urn)
    {
        var name = urn.StartsWith("urn:message:", StringComparison.Ordinal) ? urn["urn:message:".Length..] : urn;
        name = Namespace().Replace(name, string.Empty);
        return name.Replace("[[", "<", StringComparison.Ordinal).Replace("]]", ">", StringComparison.Ordinal).Replace("],[", ", ", StringComparison.Ordinal);
    }

    /// <summary>The headers as text; a header RabbitMQ carries as bytes is UTF-8.</summary>
    public static Dictionary<string, string?> Headers(IDictionary<string, object?>? headers) =>
        headers is null
            ? new Dictionary<string, string?>(StringComparer.Ordinal)
            : headers.ToDictionary(h => h.Key, h => h.Value is byte[] b ? Encoding.UTF8.GetString(b) : Convert.ToString(h.Value, CultureInfo.InvariantCulture), StringComparer.Ordinal);

    /// <summary>The saga a dead letter belongs to, from its queue, its <c>SagaHub-Saga</c> header and its id-like fields.</summary>
    /// <remarks>
    /// On a saga's queue: that saga, with the id from the message's <c>sagaId</c>, then <c>&lt;saga&gt;Id</c> (<c>orderId</c> for
    /// OrderSaga), then the envelope's correlation id, then its one Guid <c>…Id</c> property. On another queue: the saga named by
    /// the <c>SagaHub-Saga</c> header, with the envelope's correlation id (the outbox stamps the saga's id there).
    /// </remarks>
    private static (string? Type, Guid? Id) Saga(string source, Dictionary<string, string?> headers, EnvelopeParts envelope, ISagaRegistry? registry)
    {
        if (registry is null)
        {
            return (null, null);
        }

        if (registry.Sagas.FirstOrDefault(s => s.QueueName == source) is { } owner)
        {
            var name = owner.Name.EndsWith("Saga", StringComparison.Ordinal) && owner.Name.Length > 4 ? owner.Name[..^4] : owner.Name;
            var id = envelope.Guid("sagaId") ?? envelope.Guid(char.ToLowerInvariant(name[0]) + name[1..] + "Id") ?? envelope.CorrelationId ?? envelope.OnlyId();
            return (owner.Name, id);
        }

        var sender = envelope.Header(SagaHeader) ?? headers.GetValueOrDefault(SagaHeader);
        return sender is not null && registry.Find(sender) is { } saga ? (saga.Name, envelope.CorrelationId) : (null, null);
    }

    private static EnvelopeParts Envelope(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new EnvelopeParts(null, null, null, null, null);
            }

            var type = root.TryGetProperty("messageType", out var types) && types.ValueKind == JsonValueKind.Array && types.GetArrayLength() > 0 && types[0].ValueKind == JsonValueKind.String
                ? types[0].GetString()
                : null;
            return new EnvelopeParts(
                String(root, "messageId"),
                type,
                ToGuid(String(root, "correlationId")),
                root.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object ? message.Clone() : null,
                root.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object ? h.Clone() : null);
        }
        catch (JsonException)
        {
            return new EnvelopeParts(null, null, null, null, null);
        }
    }

    private static string? String(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? NotEmpty(v.GetString()) : null;

    private static Guid? ToGuid(string? text) => Guid.TryParse(text, out var g) && g != Guid.Empty ? g : null;

    private static string? NotEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;

    [GeneratedRegex(@"[A-Za-z0-9_.]+:")]
    private static partial Regex Namespace();

    private sealed record EnvelopeParts(string? MessageId, string? MessageType, Guid? CorrelationId, JsonElement? Message, JsonElement? Headers)
    {
        public string? Header(string name) => Headers is { } h ? String(h, name) : null;

        /// <summary>A top-level property of the message, read as a non-empty Guid; names match case-insensitively.</summary>
        public Guid? Guid(string name) =>
            Message is { } m ? m.EnumerateObject().Where(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)).Select(p => p.Value.ValueKind == JsonValueKind.String ? ToGuid(p.Value.GetString()) : null).FirstOrDefault(g => g is not null) : null;

        /// <summary>The message's one Guid property whose name ends in <c>Id</c>, when it has exactly one.</summary>
        public Guid? OnlyId()
        {
            if (Message is not { } m)
            {
                return null;
            }

            var ids = m.EnumerateObject()
                .Where(p => p.Name.EndsWith("Id", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind == JsonValueKind.String)
                .Select(p => ToGuid(p.Value.GetString()))
                .Where(g => g is not null)
                .ToList();
            return ids.Count == 1 ? ids[0] : null;
        }
    }
}
