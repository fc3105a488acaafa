using System.Security.Cryptography;

namespace SagaHub;

/// <summary>
/// Name-based message ids (SHA-256, RFC 9562 version 8): the same inputs always give the same id, so a re-run of a
/// message writes the same outbox rows and downstream inboxes see one id per logical message.
/// </summary>
public static class DeterministicIds
{
    /// <summary>The id of the <paramref name="index"/>-th message produced while handling <paramref name="messageId"/> in <paramref name="scope"/>.</summary>
    /// <param name="scope">What handles the message: a saga id, or a key derived from a service consumer's name.</param>
    /// <param name="messageId">The handled message's id.</param>
    /// <param name="index">The produced message's position (0, 1, …).</param>
    /// <returns>The id; the same for the same three values in every process and version.</returns>
    public static Guid For(Guid scope, Guid messageId, int index)
    {
        Span<byte> input = stackalloc byte[36];
        scope.TryWriteBytes(input);
        messageId.TryWriteBytes(input[16..]);
        BitConverter.TryWriteBytes(input[32..], index);
        return Hashed(input);
    }

    /// <summary>
    /// A UUID derived from <paramref name="input"/>: its SHA-256, marked RFC 9562 version 8 (custom) and variant 10. The
    /// saga runtime's derived message ids all come from here, so their layout never changes between versions.
    /// </summary>
    internal static Guid Hashed(ReadOnlySpan<byte> input)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        return new Guid(hash[..16]);
    }
}
