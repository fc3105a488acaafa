using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SagaHub.Inventory;
using SagaHub.Notifications;
using SagaHub.Payments;
using SagaHub.Shipping;
using Xunit.Sdk;

namespace SagaHub.OrdersService.Tests;

/// <summary>
/// The Orders service as <c>Program</c> builds it (sagas, the four demo services, in-memory transport and
/// store, the API) on a test server, shared by every test class in the <see cref="OrdersServiceCollection"/>.
/// Waits are event-driven: a saga observer signals each commit and the helpers re-read the API then, for at
/// most <see cref="WaitTimeout"/>; nothing sleeps. A subclass passes settings of its own (an API key, say) to get
/// a service configured otherwise.
/// </summary>
public class OrdersServiceFixture : IAsyncLifetime
{
    public const string Customer = "cust-api";

    public static readonly TimeSpan WaitTimeout = TimeSpan.FromSeconds(10);

    private readonly IReadOnlyDictionary<string, string?> settings;
    private readonly Action<IServiceCollection>? configureServices;
    private OrdersServiceFactory? factory;
    private HttpClient? client;

    public OrdersServiceFixture()
        : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>A service with <paramref name="settings"/> on top of its own configuration, and test services of its own.</summary>
    protected OrdersServiceFixture(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices = null)
    {
        this.settings = settings;
        this.configureServices = configureServices;
    }

    public WebApplicationFactory<Program> Factory => factory ?? throw new InvalidOperationException("The fixture is not started.");

    public HttpClient Client => client ?? throw new InvalidOperationException("The fixture is not started.");

    public IServiceProvider Services => Factory.Services;

    public Task InitializeAsync()
    {
        factory = new OrdersServiceFactory(settings, configureServices);
        client = factory.CreateClient();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (factory is not null)
        {
            await factory.DisposeAsync();
        }
    }

    /// <summary>A separate service (own store and bus) with extra test services, for tests that must control the store.</summary>
    public WebApplicationFactory<Program> CreateIsolated(Action<IServiceCollection> configureServices) =>
        Factory.WithWebHostBuilder(b => b.ConfigureTestServices(configureServices));

    public static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    public Task<HttpResponseMessage> PostJsonAsync(string path, string json) => Client.PostAsync(new Uri(path, UriKind.Relative), Json(json));

    public static string OrderJson(string sku = "SKU-RED", int quantity = 2, decimal unitPrice = 10.00m, string customer = Customer) =>
        FormattableString.Invariant($$"""{"customerId":"{{customer}}","lines":[{"sku":"{{sku}}","quantity":{{quantity}},"unitPrice":{{unitPrice}}}]}""");

    /// <summary>POST /orders, asserting 202.</summary>
    public async Task<Guid> SubmitOrderAsync(string sku = "SKU-RED", int quantity = 2, decimal unitPrice = 10.00m, string customer = Customer)
    {
        using var response = await PostJsonAsync("/orders", OrderJson(sku, quantity, unitPrice, customer));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("orderId").GetGuid();
    }

    /// <summary>Submits an order and waits until it is Completed (the payments ledger then holds its charge).</summary>
    public async Task<Guid> CompletedOrderAsync(string sku = "SKU-RED", int quantity = 2, decimal unitPrice = 10.00m)
    {
        var orderId = await SubmitOrderAsync(sku, quantity, unitPrice);
        await WaitForStateAsync($"/orders/{orderId}", "Completed");
        return orderId;
    }

    /// <summary>POST /orders/{id}/refunds, asserting 202.</summary>
    public async Task<Guid> RequestRefundAsync(Guid orderId, decimal amount, string reason = "damaged")
    {
        using var response = await PostJsonAsync($"/orders/{orderId}/refunds", FormattableString.Invariant($$"""{"amount":{{amount}},"reason":"{{reason}}"}"""));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await ReadJsonAsync(response)).GetProperty("refundId").GetGuid();
    }

    /// <summary>GET a path, asserting 200, and parse the body.</summary>
    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    /// <summary>Re-reads <paramref name="path"/> after each saga commit until its <c>state</c> is <paramref name="state"/>.</summary>
    public Task<JsonElement> WaitForStateAsync(string path, string state) =>
        WaitUntilAsync(path, body => body.GetProperty("state").GetString() == state, $"state {state}");

    /// <summary>
    /// Re-reads <paramref name="path"/> (a 404 counts as "not yet") each time a saga commits, until
    /// <paramref name="until"/> holds; fails after <see cref="WaitTimeout"/> with the last body.
    /// </summary>
    public Task<JsonElement> WaitUntilAsync(string path, Func<JsonElement, bool> until, string what) =>
        WaitUntilAsync(Client, Services, path, until, what);

    /// <summary>As the instance method, against any service that registers a <see cref="CommitSignal"/> as a saga observer.</summary>
    public static async Task<JsonElement> WaitUntilAsync(HttpClient client, IServiceProvider services, string path, Func<JsonElement, bool> until, string what)
    {
        var commits = services.GetRequiredService<CommitSignal>();
        var clock = Stopwatch.StartNew();
        var last = "(nothing yet)";
        while (true)
        {
            var seen = commits.Count;
            using (var response = await client.GetAsync(new Uri(path, UriKind.Relative)))
            {
                var text = await response.Content.ReadAsStringAsync();
                last = $"{(int)response.StatusCode} {text}";
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    var body = JsonDocument.Parse(text).RootElement.Clone();
                    if (until(body))
                    {
                        return body;
                    }
                }
                else if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    throw new XunitException($"GET {path} answered {last}");
                }
            }

            var remaining = WaitTimeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero || !await commits.WaitForCommitAfterAsync(seen, remaining))
            {
                throw new XunitException($"waited {WaitTimeout} for {path} to reach {what}; last answer: {last}");
            }
        }
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>
    /// Asserts an RFC 9457 problem: the status, <c>application/problem+json</c>, and (for 400s) that the
    /// <c>errors</c> object names <paramref name="errorKey"/>. Returns the body.
    /// </summary>
    public static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string? errorKey = null, string? because = null)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"{because}: expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonDocument.Parse(text).RootElement.Clone();
        Assert.Equal((int)status, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("title").GetString()));
        if (errorKey is not null)
        {
            Assert.True(body.TryGetProperty("errors", out var errors), $"{because}: no errors in {text}");
            Assert.True(errors.TryGetProperty(errorKey, out var messages), $"{because}: errors do not name '{errorKey}': {text}");
            Assert.NotEqual(0, messages.GetArrayLength());
        }

        return body;
    }

    private sealed class OrdersServiceFactory(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? configureServices) : WebApplicationFactory<Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development"); // scope and build-time validation of the container
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(settings));
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("MassTransit", LogLevel.Error));
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<CommitSignal>();
                services.AddSingleton<ISagaObserver>(sp => sp.GetRequiredService<CommitSignal>());
                services.PostConfigure<InventoryOptions>(o => o.Retry = Fast());
                services.PostConfigure<PaymentsOptions>(o => o.Retry = Fast());
                services.PostConfigure<ShippingOptions>(o => o.Retry = Fast());
                services.PostConfigure<NotificationsOptions>(o => o.Retry = Fast());
                configureServices?.Invoke(services);
            });
        }

        private static RetryOptions Fast() => new() { RetryLimit = 2, MinInterval = TimeSpan.FromMilliseconds(1), MaxInterval = TimeSpan.FromMilliseconds(5), IntervalDelta = TimeSpan.FromMilliseconds(1) };
    }
}

/// <summary>Counts saga commits and wakes waiters on each one.</summary>
public sealed class CommitSignal : ISagaObserver
{
    private long count;
    private TaskCompletionSource next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public long Count => Interlocked.Read(ref count);

    public void OnCommitted(SagaCommitted sagaEvent)
    {
        Interlocked.Increment(ref count);
        Interlocked.Exchange(ref next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>True once a commit after the <paramref name="seen"/>-th happened; false when none did within <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForCommitAfterAsync(long seen, TimeSpan timeout)
    {
        var waiter = Volatile.Read(ref next).Task;
        if (Count > seen)
        {
            return true;
        }

        try
        {
            await waiter.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return Count > seen;
        }
    }
}

[CollectionDefinition(Name)]
public sealed class OrdersServiceCollection : ICollectionFixture<OrdersServiceFixture>
{
    public const string Name = "orders-service";
}
