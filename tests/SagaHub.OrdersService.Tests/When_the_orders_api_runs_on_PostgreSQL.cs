using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using SagaHub.OrdersService.Api;
using SagaHub.ServiceDefaults.Tests.Infrastructure;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

/// <summary>
/// The Idempotency-Key and <c>GET /sagas</c> on the durable Orders service (EF Core store on PostgreSQL, RabbitMQ), as
/// <c>Program.cs</c> composes it; started as <see cref="When_the_durable_orders_service_logs"/> starts it, each test on a schema of its
/// own. Only the sagas run (the other services are processes of their own, not started here), so an order stays in
/// Reserving: enough to have a saga row to compare against.
/// </summary>
[Trait("Category", "Integration")]
[Collection(DurableOrdersServiceCollection.Name)]
public sealed class When_the_orders_api_runs_on_PostgreSQL
{
    private const string Body = """{"customerId":"cust-durable","lines":[{"sku":"SKU-RED","quantity":2,"unitPrice":10.00}]}""";
    private const string SameBodyReformatted = """{ "lines": [ { "quantity": 2, "unitPrice": 10, "sku": "SKU-RED" } ], "customerId": "cust-durable" }""";
    private const string OtherBody = """{"customerId":"cust-durable","lines":[{"sku":"SKU-RED","quantity":1,"unitPrice":10.00}]}""";

    [Fact]
    public async Task Should_return_the_same_order_to_a_post_retried_with_the_same_idempotency_key()
    {
        await WithServiceAsync(async (app, client) =>
        {
            var key = $"durable-{Guid.NewGuid():N}";
            var first = await AcceptedAsync(client, key, Body);
            await WaitUntilAsync(client, app.Services, $"/orders/{first}", _ => true, "the order saga's row");

            Assert.Equal(first, await AcceptedAsync(client, key, SameBodyReformatted));
            using var other = await PostAsync(client, key, OtherBody);
            var problem = await AssertProblemAsync(other, HttpStatusCode.UnprocessableEntity);
            Assert.Contains("differs from the first request", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

            var order = await ReadJsonAsync(await client.GetAsync(new Uri($"/orders/{first}", UriKind.Relative)));
            var history = order.GetProperty("history").EnumerateArray().ToList();
            Assert.Single(history, h => h.GetProperty("trigger").GetString() == "OrderSubmitted");
            Assert.DoesNotContain(history, h => h.GetProperty("kind").GetString() == "Rejected");
            Assert.Equal(2, Assert.Single(order.GetProperty("lines").EnumerateArray()).GetProperty("quantity").GetInt32());
        });
    }

    [Fact]
    public async Task Should_list_sagas_newest_first_and_reject_unknown_query_parameters()
    {
        await WithServiceAsync(async (app, client) =>
        {
            var older = await AcceptedAsync(client, key: null, Body);
            await WaitUntilAsync(client, app.Services, $"/orders/{older}", _ => true, "the first order's row");
            var newer = await AcceptedAsync(client, key: null, OtherBody);
            await WaitUntilAsync(client, app.Services, $"/orders/{newer}", _ => true, "the second order's row");

            var rows = await ReadJsonAsync(await client.GetAsync(new Uri("/sagas?type=OrderSaga", UriKind.Relative)));
            Assert.Equal([newer, older], rows.EnumerateArray().Select(r => r.GetProperty("sagaId").GetGuid()));
            var limited = await ReadJsonAsync(await client.GetAsync(new Uri("/sagas?limit=1", UriKind.Relative)));
            Assert.Equal(newer, Assert.Single(limited.EnumerateArray()).GetProperty("sagaId").GetGuid());

            using var unknown = await client.GetAsync(new Uri("/sagas?type=OrderSaga&sort=oldest", UriKind.Relative));
            await AssertProblemAsync(unknown, HttpStatusCode.BadRequest, "sort");
        });
    }

    private static async Task WithServiceAsync(Func<WebApplication, HttpClient, Task> test)
    {
        var schema = $"orders_api_{Guid.NewGuid():N}"[..27];
        try
        {
            await using var app = await When_the_durable_orders_service_logs.StartAsync(
                When_the_durable_orders_service_logs.Settings(When_the_durable_orders_service_logs.PostgreSql, When_the_durable_orders_service_logs.RabbitPassword, schema),
                new CapturingLoggerProvider());
            using var client = app.GetTestClient();
            await test(app, client);
            await app.StopAsync();
        }
        finally
        {
            await When_the_durable_orders_service_logs.DropSchemaAsync(schema);
        }
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string? key, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/orders", UriKind.Relative)) { Content = Json(json) };
        if (key is not null)
        {
            request.Headers.Add(OrdersApi.IdempotencyKeyHeader, key);
        }

        return await client.SendAsync(request);
    }

    private static async Task<Guid> AcceptedAsync(HttpClient client, string? key, string json)
    {
        using var response = await PostAsync(client, key, json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
        return (await ReadJsonAsync(response)).GetProperty("orderId").GetGuid();
    }
}
