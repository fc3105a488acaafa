using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using SagaHub.OrdersService.Api;

namespace SagaHub.OrdersService.Tests;

/// <summary>UseOrdersApiUrls: loopback by default, configurable, and out of the way of explicit addresses.</summary>
public sealed class UrlTests
{
    [Fact]
    public void Listens_on_loopback_5080_by_default()
    {
        var builder = Builder();

        builder.UseOrdersApiUrls();

        Assert.Equal("http://127.0.0.1:5080", builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void Listens_on_the_configured_url()
    {
        var builder = Builder("--OrdersApi:Url=http://127.0.0.1:6123");

        builder.UseOrdersApiUrls();

        Assert.Equal("http://127.0.0.1:6123", builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void Leaves_urls_given_explicitly_alone()
    {
        var builder = Builder("--urls=http://127.0.0.1:7001", "--OrdersApi:Url=http://127.0.0.1:6123");

        builder.UseOrdersApiUrls();

        Assert.Equal("http://127.0.0.1:7001", builder.WebHost.GetSetting(WebHostDefaults.ServerUrlsKey));
    }

    [Fact]
    public void Refuses_a_url_that_is_not_http()
    {
        var builder = Builder("--OrdersApi:Url=ftp://127.0.0.1:21");

        var error = Assert.Throws<InvalidOperationException>(builder.UseOrdersApiUrls);

        Assert.Contains("OrdersApi:Url", error.Message, StringComparison.Ordinal);
    }

    private static WebApplicationBuilder Builder(params string[] args) =>
        WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, EnvironmentName = "Test" });
}
