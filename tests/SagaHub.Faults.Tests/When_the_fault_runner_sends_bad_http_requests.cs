using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SagaHub.Faults.BadInput;

namespace SagaHub.Faults.Tests;

/// <summary>The bad HTTP input module against the Orders service hosted in memory (sagas, demo services, API).</summary>
public sealed class When_the_fault_runner_sends_bad_http_requests
{
    [Fact]
    public async Task Should_answer_every_bad_request_as_expected()
    {
        await using var orders = new OrdersApiFactory(apiKey: null);
        using var api = orders.CreateClient();
        var (orderId, total) = await CompletedOrderAsync(orders, api);

        var outcomes = await BadHttpRequests.SendAllAsync(api, orderId, total, CancellationToken.None);

        Assert.Equal(20, outcomes.Count);
        Assert.All(outcomes, o => Assert.True(o.Accounted, $"{o.Case}: expected {o.Expected}, got {o.Actual}"));
        Assert.Contains(outcomes, o => o.Expected == "400 lines[0].quantity" && o.Actual.StartsWith("400 lines[0].quantity", StringComparison.Ordinal));
        Assert.Equal(outcomes.Count, outcomes.Select(o => o.Case).Distinct().Count());
        using var health = await api.GetAsync(new Uri("/health", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode); // and nothing crashed
    }

    [Fact]
    public async Task Should_pass_the_key_and_get_404_for_the_task_request_with_an_api_key()
    {
        const string key = "faults-test-key-0123456789";
        await using var orders = new OrdersApiFactory(key);
        using var api = orders.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        var (orderId, total) = await CompletedOrderAsync(orders, api);

        var outcomes = await BadHttpRequests.SendAllAsync(api, orderId, total, CancellationToken.None);

        Assert.All(outcomes, o => Assert.True(o.Accounted, $"{o.Case}: expected {o.Expected}, got {o.Actual}"));
    }

    [Fact]
    public async Task Should_report_an_unexpected_answer_as_an_outcome_not_an_exception()
    {
        const string key = "faults-test-key-0123456789";
        await using var orders = new OrdersApiFactory(key);
        using var api = orders.CreateClient(); // no key: the task request is 401, not the 404 expected

        var outcomes = await BadHttpRequests.SendAllAsync(api, Guid.NewGuid(), 20.00m, CancellationToken.None);

        var task = Assert.Single(outcomes, o => o.Case.StartsWith("POST /tasks/", StringComparison.Ordinal));
        Assert.False(task.Accounted);
        Assert.Equal("404", task.Expected);
        Assert.StartsWith("401", task.Actual, StringComparison.Ordinal);
        var aboveTotal = Assert.Single(outcomes, o => o.Case.Contains("above the order total", StringComparison.Ordinal));
        Assert.False(aboveTotal.Accounted); // the order is unknown: 404, not the 400 expected
        Assert.StartsWith("404", aboveTotal.Actual, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_report_no_answer_at_all_as_an_outcome_too()
    {
        using var api = new HttpClient { BaseAddress = new Uri("http://127.0.0.1:9/"), Timeout = TimeSpan.FromSeconds(5) };

        var outcomes = await BadHttpRequests.SendAllAsync(api, Guid.NewGuid(), 20.00m, CancellationToken.None);

        Assert.All(outcomes, o => Assert.False(o.Accounted));
        Assert.All(outcomes, o => Assert.StartsWith("no answer", o.Actual, StringComparison.Ordinal));
    }

    /// <summary>Submits an order (2 × 10.00) and waits, on the saga's own commit signal, until it is Completed.</summary>
    private static async Task<(Guid OrderId, decimal Total)> CompletedOrderAsync(OrdersApiFactory orders, HttpClient api)
    {
        using var submit = await api.PostAsJsonAsync(new Uri("/orders", UriKind.Relative), new
        {
            customerId = "faults-tests",
            lines = new[] { new { sku = "SKU-RED", quantity = 2, unitPrice = 10.00m } },
        });
        Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        var orderId = (await submit.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("orderId").GetGuid();

        await orders.Services.GetRequiredService<CompletedOrders>().WaitAsync(orderId, TimeSpan.FromSeconds(30));
        return (orderId, 20.00m);
    }

    /// <summary>The Orders service as its Program builds it, in memory (Development), with an optional API key.</summary>
    private sealed class OrdersApiFactory(string? apiKey) : WebApplicationFactory<global::Program>
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Development");
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddFilter("MassTransit", LogLevel.Error));
            builder.ConfigureAppConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?> { ["OrdersApi:ApiKey"] = apiKey }));
            builder.ConfigureTestServices(services =>
            {
                services.AddSingleton<CompletedOrders>();
                services.AddSingleton<ISagaObserver>(sp => sp.GetRequiredService<CompletedOrders>());
            });
        }
    }

    /// <summary>Completes a waiter when an order saga commits in state Completed.</summary>
    private sealed class CompletedOrders : ISagaObserver
    {
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource> completed = new();

        public void OnCommitted(SagaCommitted sagaEvent)
        {
            if (sagaEvent.SagaType == "OrderSaga" && sagaEvent.Snapshot?.State == "Completed")
            {
                Waiter(sagaEvent.SagaId).TrySetResult();
            }
        }

        public async Task WaitAsync(Guid orderId, TimeSpan timeout)
        {
            try
            {
                await Waiter(orderId).Task.WaitAsync(timeout);
            }
            catch (TimeoutException)
            {
                throw new Xunit.Sdk.XunitException($"order {orderId} was not Completed within {timeout}");
            }
        }

        private TaskCompletionSource Waiter(Guid orderId) =>
            completed.GetOrAdd(orderId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
