using System.Security.Cryptography;

namespace SagaHub;

/// <summary>Collects what one message's transition sends and appends; message ids are derived from the trigger's id so a re-run is identical.</summary>
internal sealed class FireEffects
{
    private readonly Func<Type, string?> route;
    private readonly Guid sagaId;
    private readonly Guid messageId;

    public FireEffects(Guid sagaId, Guid messageId, Func<Type, string?> route, string sagaName)
    {
        this.sagaId = sagaId;
        this.messageId = messageId;
        this.route = route;
        SagaName = sagaName;
    }

    public string SagaName { get; }

    public List<OutgoingMessage> Outgoing { get; } = [];

    public void Send(Type type, object message, string? destination)
    {
        var queue = destination ?? route(type) ?? throw new SagaExecutionException(
            $"Saga '{SagaName}' sends '{type.Name}' but declares no queue for it: add SendTo(\"queue-name\", typeof({type.Name})) to the definition, or pass the queue to Send.");
        Outgoing.Add(new OutgoingMessage(NextId(), type, message, queue));
    }

    public void Publish(Type type, object message) => Outgoing.Add(new OutgoingMessage(NextId(), type, message, null));

    private Guid NextId() => DeterministicId(sagaId, messageId, Outgoing.Count);

    internal static Guid DeterministicId(Guid sagaId, Guid messageId, int index)
    {
        Span<byte> input = stackalloc byte[36];
        sagaId.TryWriteBytes(input);
        messageId.TryWriteBytes(input[16..]);
        BitConverter.TryWriteBytes(input[32..], index);
        return HashedId(input);
    }

    /// <summary>
    /// A UUID derived from <paramref name="input"/>: its SHA-256, marked RFC 9562 version 8 (custom) and variant 10. The
    /// saga runtime's derived message ids all come from here, so their layout never changes between versions.
    /// </summary>
    internal static Guid HashedId(ReadOnlySpan<byte> input)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }
}
