using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace SagaHub.OrdersService.Api;

/// <summary>
/// Guards the task and operator endpoints with <see cref="OrdersApiOptions.ApiKey"/>: with no key configured
/// every request passes; with one, a request without <see cref="OrdersApi.ApiKeyHeader"/> is 401 (with
/// <c>WWW-Authenticate: ApiKey</c>) and one with another key is 403, both <c>application/problem+json</c>.
/// Runs before the endpoint, so a refused request's body is never read.
/// </summary>
internal sealed class ApiKeyFilter : IEndpointFilter
{
    private readonly byte[]? expectedHash;
    private readonly ILogger logger;

    public ApiKeyFilter(IOptions<OrdersApiOptions> options, ILogger<ApiKeyFilter> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.logger = logger;
        expectedHash = options.Value.ApiKey is { } key ? Hash(key) : null;
    }

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        if (expectedHash is null)
        {
            return next(context);
        }

        var http = context.HttpContext;
        var presented = http.Request.Headers[OrdersApi.ApiKeyHeader];
        if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
        {
            logger.ApiKeyRefused(http.Request.Method, http.Request.Path, "missing", http.Connection.RemoteIpAddress?.ToString());
            http.Response.Headers.WWWAuthenticate = "ApiKey";
            return ValueTask.FromResult<object?>(Problems.Status(
                StatusCodes.Status401Unauthorized,
                "API key required",
                $"This endpoint needs the API key in the {OrdersApi.ApiKeyHeader} header."));
        }

        // Several values are refused like a wrong one. Both sides are hashed first, so the comparison takes the
        // same time whatever the presented key's length, and FixedTimeEquals does not stop at the first difference.
        if (presented.Count != 1 || !CryptographicOperations.FixedTimeEquals(Hash(presented[0]!), expectedHash))
        {
            logger.ApiKeyRefused(http.Request.Method, http.Request.Path, "wrong", http.Connection.RemoteIpAddress?.ToString());
            return ValueTask.FromResult<object?>(Problems.Status(
                StatusCodes.Status403Forbidden,
                "API key not accepted",
                $"The {OrdersApi.ApiKeyHeader} header does not hold this API's key."));
        }

        return next(context);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
