using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SagaHub.OrdersService.Api;

/// <summary>
/// The check behind every endpoint that needs <see cref="OrdersApiOptions.ApiKey"/> (the task and operator endpoints through
/// <see cref="ApiKeyFilter"/>, <c>/metrics</c> in its own branch): with no key configured every request passes; with one,
/// a request without <see cref="OrdersApi.ApiKeyHeader"/> is 401 (with <c>WWW-Authenticate: ApiKey</c>) and one with
/// another key is 403, both <c>application/problem+json</c>. Only headers are read.
/// </summary>
internal sealed class ApiKeyCheck
{
    private readonly byte[]? expectedHash;
    private readonly ILogger logger;

    public ApiKeyCheck(IOptions<OrdersApiOptions> options, ILogger<ApiKeyCheck> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.logger = logger;
        expectedHash = options.Value.ApiKey is { } key ? Hash(key) : null;
    }

    /// <summary>Whether a key is configured at all.</summary>
    public bool KeyConfigured => expectedHash is not null;

    /// <summary>Null when <paramref name="http"/> may pass; otherwise the 401 or 403 to answer (the refusal is logged, event 1505, without the key).</summary>
    public IResult? Refusal(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (expectedHash is null)
        {
            return null;
        }

        var presented = http.Request.Headers[OrdersApi.ApiKeyHeader];
        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
        {
            logger.ApiKeyRefused(http.Request.Method, http.Request.Path, "missing", http.Connection.RemoteIpAddress?.ToString());
            http.Response.Headers.WWWAuthenticate = "ApiKey";
            return Problems.Status(
                StatusCodes.Status401Unauthorized,
                "API key required",
                $"This endpoint needs the API key in the {OrdersApi.ApiKeyHeader} header.");
        }

        // Several values are refused like a wrong one. Both sides are hashed first, so the comparison takes the
        // same time whatever the presented key's length, and FixedTimeEquals does not stop at the first difference.
        if (presented.Count != 1 || !CryptographicOperations.FixedTimeEquals(Hash(presented[0]!), expectedHash))
        {
            logger.ApiKeyRefused(http.Request.Method, http.Request.Path, "wrong", http.Connection.RemoteIpAddress?.ToString());
            return Problems.Status(
                StatusCodes.Status403Forbidden,
                "API key not accepted",
                $"The {OrdersApi.ApiKeyHeader} header does not hold this API's key.");
        }

        return null;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
