using System.Collections.Concurrent;
using System.Text.Json;

namespace SagaHub.EntityFrameworkCore;

/// <summary>Turns outgoing messages into outbox rows and back (type name plus JSON body).</summary>
internal static class OutboxMessages
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly ConcurrentDictionary<string, Type> Types = new(StringComparer.Ordinal);

    public static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";

    public static OutboxMessage ToRow(string source, Guid correlationId, OutgoingMessage message, DateTimeOffset createdAt) => new()
    {
        MessageId = message.MessageId,
        Source = source,
        CorrelationId = correlationId,
        MessageType = TypeName(message.MessageType),
        Destination = message.Destination,
        Body = JsonSerializer.Serialize(message.Message, message.MessageType, Json),
        CreatedAt = createdAt,
    };

    /// <exception cref="SagaExecutionException">The row names a type this process cannot load.</exception>
    public static OutgoingMessage ToOutgoing(OutboxMessage row)
    {
        var type = Types.GetOrAdd(row.MessageType, static name => Type.GetType(name, throwOnError: false)
            ?? throw new SagaExecutionException($"An outbox row names message type '{name}', which this process cannot load; deploy the assembly that defines it."));
        var message = JsonSerializer.Deserialize(row.Body, type, Json)
            ?? throw new SagaExecutionException($"Outbox row {row.MessageId} of type '{row.MessageType}' has an empty body.");
        return new OutgoingMessage(row.MessageId, type, message, row.Destination);
    }
}
