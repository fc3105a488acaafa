using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SagaHub.OrdersService.Api;
using SagaHub.ServiceDefaults.Tests.Infrastructure;

namespace SagaHub.OrdersService.Tests;

/// <summary>The Orders service with <c>OrdersApi:ApiKey</c> set, capturing its log calls.</summary>
public sealed class KeyedOrdersServiceFixture() : OrdersServiceFixture(
    new Dictionary<string, string?> { ["OrdersApi:ApiKey"] = Key },
    services => services.AddSingleton<ILoggerProvider>(Logs))
{
    /// <summary>Exactly <see cref="OrdersApiOptions.MinApiKeyLength"/> characters: the shortest key accepted.</summary>
    public const string Key = "k3y-0123456789ab";

    public static CapturingLoggerProvider Logs { get; } = new();

    /// <summary>A request to the service, with <paramref name="key"/> in <c>X-Api-Key</c> unless it is null.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (key is not null)
        {
            request.Headers.Add(OrdersApi.ApiKeyHeader, key);
        }

        if (json is not null)
        {
            request.Content = Json(json);
        }

        return await Client.SendAsync(request);
    }
}
