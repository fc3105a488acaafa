using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.OrdersService.Api;
using SagaHub.ServiceDefaults;

namespace SagaHub.OrdersService.Tests;

/// <summary>
/// The Orders service as <c>Program.cs</c> composes it standalone (service defaults, sagas, the four demo services, in-memory
/// transport and store, the API), listening on a real Kestrel socket on loopback port 0 (as
/// <see cref="When_the_orders_service_listens_on_sockets"/> starts it), with a <see cref="CommitSignal"/> to wait on. For
/// the tests that need what only a running host shows: a scrape over HTTP, the traces of its requests.
/// </summary>
public sealed class RunningOrdersService : IAsyncDisposable
{
    private readonly WebApplication app;

    private RunningOrdersService(WebApplication app)
    {
        this.app = app;
        BaseAddress = new Uri(app.Urls.Single());
        Client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public HttpClient Client { get; }

    public IServiceProvider Services => app.Services;

    /// <summary>Starts the service with <paramref name="settings"/> (<c>Key=value</c>, as on its command line) and test services of its own.</summary>
    public static async Task<RunningOrdersService> StartAsync(IEnumerable<string> settings, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = ["--OrdersApi:Url=http://127.0.0.1:0", "--Bus:Transport=InMemory", "--Logging:LogLevel:Default=Warning", .. settings.Select(s => "--" + s)],
            EnvironmentName = "Test",
        });
        builder.AddSagaHubServiceDefaults("orders");
        builder.UseOrdersApiUrls();
        builder.AddInMemoryOrdersService();
        builder.Services.AddSingleton<CommitSignal>();
        builder.Services.AddSingleton<ISagaObserver>(sp => sp.GetRequiredService<CommitSignal>());
        configureServices?.Invoke(builder.Services);
        var app = builder.Build();
        app.UseOrdersService();
        try
        {
            await app.StartAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new RunningOrdersService(app);
    }

    /// <summary>POST /orders and wait until the order saga says Completed (every step handled and committed).</summary>
    public async Task<Guid> CompletedOrderAsync()
    {
        using var response = await Client.PostAsync(new Uri("/orders", UriKind.Relative), OrdersServiceFixture.Json(OrdersServiceFixture.OrderJson()));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == System.Net.HttpStatusCode.Accepted, $"POST /orders answered {(int)response.StatusCode}: {text}");
        var orderId = (await OrdersServiceFixture.ReadJsonAsync(response)).GetProperty("orderId").GetGuid();
        await OrdersServiceFixture.WaitUntilAsync(Client, Services, $"/orders/{orderId}", body => body.GetProperty("state").GetString() == "Completed", "state Completed");
        return orderId;
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
