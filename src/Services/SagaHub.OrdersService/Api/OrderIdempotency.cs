using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SagaHub.Contracts.Orders;

namespace SagaHub.OrdersService.Api;

/// <summary>
/// The <see cref="OrdersApi.IdempotencyKeyHeader"/> of <c>POST /orders</c>: the header's rules, and the ids and the
/// request fingerprint derived from a key. Nothing is kept here: the order id is a function of the key, so every
/// retry (on any host, concurrently or a week later) names the same order saga, and the key and the fingerprint are
/// stored on that saga's data (<c>OrderData</c>), which a later request is compared against.
/// </summary>
internal static class OrderIdempotency
{
    /// <summary>The longest key accepted, in characters.</summary>
    public const int MaxKeyLength = 200;

    // Fixed for good: changing either changes every derived id, and retries across the change would no longer
    // find their order (or their message in the saga's inbox).
    private static readonly Guid OrderIdNamespace = new("15b40065-106a-4b43-a96a-5e9e167229e8");
    private static readonly Guid MessageIdNamespace = new("e16be838-5ee9-487c-8b69-8fb21694d635");

    /// <summary>
    /// Reads the header: no header is (null, null), the old behaviour; a valid one is (key, null); anything else is
    /// (null, a 400 whose errors name the header): given more than once, empty, longer than <see cref="MaxKeyLength"/>,
    /// a character outside printable ASCII (U+0020 to U+007E), or leading or trailing spaces (which HTTP parsers strip,
    /// so the key would not be the one the client meant).
    /// </summary>
    public static (string? Key, string? Problem) Read(HttpRequest request)
    {
        if (!request.Headers.TryGetValue(OrdersApi.IdempotencyKeyHeader, out var values))
        {
            return (null, null);
        }

        if (values.Count != 1)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"The {OrdersApi.IdempotencyKeyHeader} header is given {values.Count} times; send it once."));
        }

        var key = values[0] ?? string.Empty;
        var problem = key switch
        {
            _ when key.Trim().Length == 0 => $"The {OrdersApi.IdempotencyKeyHeader} header is empty; send 1 to {MaxKeyLength} printable ASCII characters (a UUID, say), or no header.",
            { Length: > MaxKeyLength } => $"The {OrdersApi.IdempotencyKeyHeader} header has {key.Length} characters; at most {MaxKeyLength} are allowed.",
            _ when key.AsSpan().IndexOfAnyExceptInRange(' ', '~') is var at and >= 0 =>
                $"The {OrdersApi.IdempotencyKeyHeader} header has a character that is not printable ASCII (U+0020 to U+007E) at position {at + 1}.",
            _ when key[0] == ' ' || key[^1] == ' ' => $"The {OrdersApi.IdempotencyKeyHeader} header starts or ends with a space; send the key without it.",
            _ => null,
        };
        return problem is null ? (key, null) : (null, problem);
    }

    /// <summary>The order id of a key: a name-based UUID (SHA-256, RFC 9562 version 8) of a fixed namespace and the key.</summary>
    public static Guid OrderId(string key) => NameBased(OrderIdNamespace, key);

    /// <summary>
    /// The id <c>OrderSubmitted</c> is published with: of the key and the fingerprint, so a retry of the same request
    /// publishes the same message and the saga's inbox drops it, while a different body under the same key that slips
    /// through before the saga row exists is a message of its own, which the saga records as a rejected trigger.
    /// </summary>
    public static Guid MessageId(string key, string fingerprint) => NameBased(MessageIdNamespace, key + "\n" + fingerprint);

    /// <summary>
    /// <c>sha256:</c> and the hex SHA-256 of the canonical request: customer id and lines (in their order) as compact JSON
    /// with fixed member names and order, prices without trailing zeros (<c>10.00</c> = <c>10</c>). So whitespace, member
    /// order, unknown members and a price's scale do not change it; any value that reaches the saga does.
    /// </summary>
    public static string Fingerprint(string customerId, IReadOnlyList<OrderLine> lines)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("customerId", customerId);
            json.WriteStartArray("lines");
            foreach (var line in lines)
            {
                json.WriteStartObject();
                json.WriteString("sku", line.Sku);
                json.WriteNumber("quantity", line.Quantity);
                json.WriteString("unitPrice", line.UnitPrice.ToString("0.############################", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return "sha256:" + Convert.ToHexStringLower(SHA256.HashData(buffer.WrittenSpan));
    }

    private static Guid NameBased(Guid ns, string name)
    {
        var input = new byte[16 + Encoding.UTF8.GetByteCount(name)];
        ns.TryWriteBytes(input, bigEndian: true, out _);
        Encoding.UTF8.GetBytes(name, input.AsSpan(16));
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input, hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // RFC 9562 version 8 (custom; SHA-256 name-based, its appendix B.2)
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // variant 10
        return new Guid(hash[..16], bigEndian: true);
    }
}
