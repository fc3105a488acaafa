using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using SagaHub.OrdersService.Api;
using SagaHub.ServiceDefaults;

namespace SagaHub.OrdersService.Tests;

/// <summary>
/// The Orders service on real Kestrel sockets, composed as <c>Program.cs</c> composes it (standalone, in memory):
/// loopback only by default, and what <c>OrdersApi:Url</c> says when it is set. Port 0 everywhere, so nothing
/// clashes with a service already running on the machine. (The inventory, payments, shipping and notifications
/// services are plain worker hosts without any HTTP listener; only the Orders service listens.)
/// </summary>
public sealed class When_the_orders_service_listens_on_sockets
{
    [Fact]
    public void Should_default_to_a_loopback_address()
    {
        var url = new Uri(OrdersApiOptions.DefaultUrl);

        Assert.True(IPAddress.TryParse(url.Host, out var address) && IPAddress.IsLoopback(address), url.Host);
    }

    [Fact]
    public async Task Should_answer_on_loopback_and_refuse_other_interfaces_by_default()
    {
        var loopbackAnyPort = new UriBuilder(OrdersApiOptions.DefaultUrl) { Port = 0 }.Uri.ToString();
        await using var app = await StartAsync(loopbackAnyPort);

        var bound = Assert.Single(app.Urls.Select(u => new Uri(u)));
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(bound.Host)), bound.ToString());
        await AssertHealthyAsync(bound);
        foreach (var address in OtherInterfaceAddresses())
        {
            Assert.False(await AcceptsConnectionAsync(address, bound.Port), $"{address}:{bound.Port} accepted a connection");
        }
    }

    [Fact]
    public async Task Should_honour_a_configured_wildcard_url()
    {
        await using var app = await StartAsync("http://0.0.0.0:0");

        var bound = Assert.Single(app.Urls.Select(u => new Uri(u)));
        Assert.Equal("0.0.0.0", bound.Host);
        await AssertHealthyAsync(new UriBuilder(bound) { Host = "127.0.0.1" }.Uri);
        foreach (var address in OtherInterfaceAddresses())
        {
            Assert.True(await AcceptsConnectionAsync(address, bound.Port), $"{address}:{bound.Port} refused a connection");
        }
    }

    /// <summary>Program.cs's standalone composition, with <c>OrdersApi:Url</c> set to <paramref name="url"/>.</summary>
    private static async Task<WebApplication> StartAsync(string url)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [$"--OrdersApi:Url={url}", "--Bus:Transport=InMemory", "--Logging:LogLevel:Default=Warning"],
            EnvironmentName = "Test",
        });
        builder.AddSagaHubServiceDefaults("orders");
        builder.UseOrdersApiUrls();
        builder.AddInMemoryOrdersService();
        var app = builder.Build();
        app.UseOrdersService();
        await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        return app;
    }

    private static async Task AssertHealthyAsync(Uri baseAddress)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        using var response = await http.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>The machine's IPv4 addresses that are not loopback (none on a machine without a network: then only the binding is checked).</summary>
    private static List<IPAddress> OtherInterfaceAddresses() =>
        [.. NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .Where(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))];

    private static async Task<bool> AcceptsConnectionAsync(IPAddress address, int port)
    {
        using var client = new TcpClient(AddressFamily.InterNetwork);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        try
        {
            await client.ConnectAsync(address, port, timeout.Token);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
