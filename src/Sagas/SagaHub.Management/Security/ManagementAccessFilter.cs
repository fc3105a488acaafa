using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SagaHub.Management;

/// <summary>
/// Who may call the management API: with an API key, only callers that present it (401 without, 403 with another);
/// with neither a key nor a policy, only loopback callers, unless the options allow remote ones.
/// </summary>
internal sealed class ManagementAccessFilter(IOptions<SagaHubManagementOptions> options, ILogger<ManagementAccessFilter> logger) : IEndpointFilter
{
    private readonly byte[]? expectedHash = options.Value.ApiKey is { } key ? Hash(key) : null;

    public ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var settings = options.Value;
        if (expectedHash is not null)
        {
            var presented = http.Request.Headers[SagaHubManagementOptions.ApiKeyHeader];
            if (presented.Count == 0 || string.IsNullOrEmpty(presented[0]))
            {
                Log.Refused(logger, http.Request.Method, http.Request.Path, "no API key", http.Connection.RemoteIpAddress?.ToString());
                http.Response.Headers.WWWAuthenticate = "ApiKey";
                return Refuse(StatusCodes.Status401Unauthorized, "API key required", $"The management API needs its key in the {SagaHubManagementOptions.ApiKeyHeader} header.");
            }

            if (presented.Count != 1 || !CryptographicOperations.FixedTimeEquals(Hash(presented[0]!), expectedHash))
            {
                Log.Refused(logger, http.Request.Method, http.Request.Path, "wrong API key", http.Connection.RemoteIpAddress?.ToString());
                return Refuse(StatusCodes.Status403Forbidden, "API key not accepted", $"The {SagaHubManagementOptions.ApiKeyHeader} header does not hold the management API's key.");
            }
        }
        else if (settings.AuthorizationPolicy is null && !settings.AllowRemoteWithoutAuthentication && !IsLocal(http.Connection))
        {
            Log.Refused(logger, http.Request.Method, http.Request.Path, "remote caller without authentication", http.Connection.RemoteIpAddress?.ToString());
            return Refuse(StatusCodes.Status403Forbidden, "Loopback only", "The management API has no API key and no authorization policy, so it answers only callers on this machine; configure one of them to open it.");
        }

        return next(context);
    }

    private static bool IsLocal(ConnectionInfo connection) =>
        connection.RemoteIpAddress is null || IPAddress.IsLoopback(connection.RemoteIpAddress) || connection.RemoteIpAddress.Equals(connection.LocalIpAddress);

    private static ValueTask<object?> Refuse(int status, string title, string detail) =>
        ValueTask.FromResult<object?>(TypedResults.Problem(detail, statusCode: status, title: title));

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
