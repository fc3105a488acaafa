using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using SagaHub.Management.Tests.Support;

namespace SagaHub.Management.Tests;

/// <summary>Who may call the management API: the API key when one is set, loopback callers only when nothing is.</summary>
public sealed class When_the_management_api_is_secured
{
    private const string Key = "a-key-of-sixteen-chars";

    [Fact]
    public async Task Should_answer_401_without_the_key_403_with_another_and_200_with_it()
    {
        await using var host = await ManagementHost.StartAsync(o => o.ApiKey = Key);

        var none = await host.Client.GetAsync("/sagahub/sagas");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/sagahub/sagas") { Headers = { { "X-Api-Key", "another-key-of-16-chars" } } };
        using var right = new HttpRequestMessage(HttpMethod.Get, "/sagahub/sagas") { Headers = { { "X-Api-Key", Key } } };

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await host.Client.SendAsync(wrong)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.SendAsync(right)).StatusCode);
    }

    [Fact]
    public async Task Should_serve_only_loopback_callers_when_neither_a_key_nor_a_policy_is_set()
    {
        await using var host = await ManagementHost.StartAsync(beforeMap: app => app.Use((HttpContext http, RequestDelegate next) =>
        {
            if (http.Request.Headers.ContainsKey("X-Test-Remote"))
            {
                http.Connection.RemoteIpAddress = IPAddress.Parse("10.1.2.3");
            }

            return next(http);
        }));

        using var remote = new HttpRequestMessage(HttpMethod.Get, "/sagahub/sagas") { Headers = { { "X-Test-Remote", "1" } } };
        var refused = await host.Client.SendAsync(remote);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("answers only callers on this machine", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await host.Client.GetAsync("/sagahub/sagas")).StatusCode);
    }

    [Fact]
    public async Task Should_refuse_a_key_that_is_too_short_at_start()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(() => ManagementHost.StartAsync(o => o.ApiKey = "short"));

        Assert.Contains("SagaHubManagement:ApiKey must be at least 16 characters", error.ToString(), StringComparison.Ordinal);
    }
}
