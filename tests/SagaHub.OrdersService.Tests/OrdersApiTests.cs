using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using SagaHub.OrdersService.Api;

namespace SagaHub.OrdersService.Tests;

/// <summary>UseOrdersApiUrls: loopback by default, configurable, and out of the way of explicit addresses.</summary>
public sealed class OrdersApiTests
{
    [Fact]
    public void UseOrdersApiUrls_ByDefault_ListensOnLoopback5080()
    {
        var builder = Builder();

        builder.UseOrdersApiUrls();

        Assert.Equal("http://127.0.0.1:5080", builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void UseOrdersApiUrls_UrlConfigured_ListensOnIt()
    {
        var builder = Builder("--OrdersApi:Url=http://127.0.0.1:6123");

        builder.UseOrdersApiUrls();

        Assert.Equal("http://127.0.0.1:6123", builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void UseOrdersApiUrls_UrlsGivenExplicitly_LeavesThemAlone()
    {
        var builder = Builder("--urls=http://127.0.0.1:7001", "--OrdersApi:Url=http://127.0.0.1:6123");

        builder.UseOrdersApiUrls();

        Assert.Equal("http://127.0.0.1:7001", builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void UseOrdersApiUrls_UrlNotHttp_ThrowsNamingTheSetting()
    {
        var builder = Builder("--OrdersApi:Url=ftp://127.0.0.1:21");

        var error = Assert.Throws<InvalidOperationException>(builder.UseOrdersApiUrls);

        Assert.Contains("OrdersApi:Url", error.Message, StringComparison.Ordinal);
    }

    private static WebApplicationBuilder Builder(params string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = "Test" });
}
