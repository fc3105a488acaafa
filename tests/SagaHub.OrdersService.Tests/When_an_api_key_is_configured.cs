using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SagaHub.OrdersService.Api;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

/// <summary>With an API key configured: the task and operator endpoints need it, the others do not.</summary>
public sealed class When_an_api_key_is_configured(KeyedOrdersServiceFixture service) : IClassFixture<KeyedOrdersServiceFixture>
{
    private const string Decision = """{"by":"alice"}""";

    /// <summary>Every protected endpoint: method, path, body.</summary>
    public static TheoryData<string, string, string?> Protected => new()
    {
        { "GET", "/tasks", null },
        { "GET", "/tasks?assignee=finance-manager", null },
        { "POST", $"/tasks/{Guid.NewGuid()}/approve", Decision },
        { "POST", $"/tasks/{Guid.NewGuid()}/reject", Decision },
        { "GET", "/sagas", null },
        { "GET", "/sagas?stuck=true", null },
        { "GET", "/sagahub/sagas", null },
        { "GET", "/sagahub/counts", null },
        { "POST", $"/sagahub/sagas/OrderSaga/{Guid.NewGuid()}/actions", """{"kind":"resume","by":"alice","reason":"r"}""" },
    };

    [Theory]
    [MemberData(nameof(Protected))]
    public async Task Should_answer_401_to_a_protected_endpoint_without_the_key(string method, string path, string? body)
    {
        using var response = await service.SendAsync(new HttpMethod(method), path, key: null, body);

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, because: $"{method} {path}");
        Assert.Equal("ApiKey", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Contains(OrdersApi.ApiKeyHeader, problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Protected))]
    public async Task Should_answer_401_to_a_protected_endpoint_with_an_empty_key(string method, string path, string? body)
    {
        using var response = await service.SendAsync(new HttpMethod(method), path, key: string.Empty, body);

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, because: $"{method} {path}");
    }

    [Theory]
    [MemberData(nameof(Protected))]
    public async Task Should_answer_403_to_a_protected_endpoint_with_a_wrong_key(string method, string path, string? body)
    {
        using var response = await service.SendAsync(new HttpMethod(method), path, key: "not-the-key-0123456789", body);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, because: $"{method} {path}");
        Assert.Empty(response.Headers.WwwAuthenticate);
    }

    [Theory]
    [InlineData("K3Y-0123456789AB")] // other case
    [InlineData("k3y-0123456789a")] // a prefix
    [InlineData("k3y-0123456789abc")] // one character more
    [InlineData(" k3y-0123456789ab")] // padded
    [InlineData("k3y-0123456789ac")] // last character differs
    public async Task Should_answer_403_to_a_key_that_is_nearly_right(string key)
    {
        using var response = await service.SendAsync(HttpMethod.Get, "/tasks", key);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden, because: key);
    }

    [Fact]
    public async Task Should_answer_403_to_the_key_given_twice()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/sagas", UriKind.Relative));
        request.Headers.Add(OrdersApi.ApiKeyHeader, [KeyedOrdersServiceFixture.Key, KeyedOrdersServiceFixture.Key]);
        using var response = await service.Client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Should_not_read_a_refused_request_further_than_its_headers()
    {
        // An invalid decision body: with the key it would be 400; without, the key is checked first.
        using var response = await service.SendAsync(HttpMethod.Post, $"/tasks/{Guid.NewGuid()}/approve", key: null, json: "{ not json");

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("/tasks")]
    [InlineData("/tasks?assignee=nobody-has-this-role")]
    [InlineData("/sagas")]
    [InlineData("/sagas?type=OrderSaga&stuck=true&limit=5")]
    public async Task Should_answer_200_to_a_listing_with_the_key(string path)
    {
        using var response = await service.SendAsync(HttpMethod.Get, path, KeyedOrdersServiceFixture.Key);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await ReadJsonAsync(response)).ValueKind);
    }

    [Fact]
    public async Task Should_approve_and_reject_tasks_with_the_key()
    {
        var approvedOrder = await service.CompletedOrderAsync("SKU-BLUE", quantity: 5, unitPrice: 50.00m);
        var rejectedOrder = await service.CompletedOrderAsync("SKU-BLUE", quantity: 5, unitPrice: 50.00m);
        var toApprove = await service.RequestRefundAsync(approvedOrder, 200.00m); // over the auto-approval limit: a task
        var toReject = await service.RequestRefundAsync(rejectedOrder, 200.00m);
        await service.WaitForStateAsync($"/refunds/{toApprove}", "AwaitingApproval");
        await service.WaitForStateAsync($"/refunds/{toReject}", "AwaitingApproval");

        using (var approve = await service.SendAsync(HttpMethod.Post, $"/tasks/{await OpenTaskOfAsync(toApprove)}/approve", KeyedOrdersServiceFixture.Key, Decision))
        {
            Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        }

        using (var reject = await service.SendAsync(HttpMethod.Post, $"/tasks/{await OpenTaskOfAsync(toReject)}/reject", KeyedOrdersServiceFixture.Key, """{"by":"bob"}"""))
        {
            Assert.Equal(HttpStatusCode.Accepted, reject.StatusCode);
        }

        await service.WaitForStateAsync($"/refunds/{toApprove}", "Refunded");
        await service.WaitForStateAsync($"/refunds/{toReject}", "Rejected");
    }

    [Fact]
    public async Task Should_let_a_decision_on_an_unknown_task_with_the_key_past_the_key_to_404()
    {
        using var response = await service.SendAsync(HttpMethod.Post, $"/tasks/{Guid.NewGuid()}/approve", KeyedOrdersServiceFixture.Key, Decision);

        await AssertProblemAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_need_no_key_for_the_order_refund_and_health_endpoints()
    {
        var orderId = await service.CompletedOrderAsync(); // POST /orders and GET /orders/{id}, without a key

        foreach (var key in new string?[] { null, "not-the-key-0123456789" })
        {
            using (var refund = await service.SendAsync(HttpMethod.Post, $"/orders/{orderId}/refunds", key, """{"amount":1.00,"reason":"scratched"}"""))
            {
                Assert.Equal(HttpStatusCode.Accepted, refund.StatusCode);
            }

            using (var order = await service.SendAsync(HttpMethod.Get, $"/orders/{orderId}", key))
            {
                Assert.Equal(HttpStatusCode.OK, order.StatusCode);
            }

            using (var unknownRefund = await service.SendAsync(HttpMethod.Get, $"/refunds/{Guid.NewGuid()}", key))
            {
                await AssertProblemAsync(unknownRefund, HttpStatusCode.NotFound);
            }

            using (var unknownOrderRefund = await service.SendAsync(HttpMethod.Post, $"/orders/{Guid.NewGuid()}/refunds", key, """{"amount":1.00,"reason":"scratched"}"""))
            {
                await AssertProblemAsync(unknownOrderRefund, HttpStatusCode.NotFound);
            }

            using (var health = await service.SendAsync(HttpMethod.Get, "/health", key))
            {
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
            }

            using var submit = await service.SendAsync(HttpMethod.Post, "/orders", key, OrderJson());
            Assert.Equal(HttpStatusCode.Accepted, submit.StatusCode);
        }
    }

    [Fact]
    public async Task Should_log_a_refused_request_as_a_warning_without_any_key()
    {
        var wrongKey = $"wrong-{Guid.NewGuid():N}";
        using (var wrong = await service.SendAsync(HttpMethod.Get, "/sagas", wrongKey))
        {
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        }

        using (var missing = await service.SendAsync(HttpMethod.Get, "/tasks", key: null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        }

        var refusals = KeyedOrdersServiceFixture.Logs.Logs.Where(log => log.EventId.Id == 1505).ToList();
        Assert.Contains(refusals, log => log.Level == LogLevel.Warning && log.Message.StartsWith("GET /sagas refused: API key wrong", StringComparison.Ordinal));
        Assert.Contains(refusals, log => log.Level == LogLevel.Warning && log.Message.StartsWith("GET /tasks refused: API key missing", StringComparison.Ordinal));
        var everything = KeyedOrdersServiceFixture.Logs.AllText;
        Assert.DoesNotContain(wrongKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyedOrdersServiceFixture.Key, everything, StringComparison.Ordinal);
    }

    private async Task<Guid> OpenTaskOfAsync(Guid refundId)
    {
        using var response = await service.SendAsync(HttpMethod.Get, "/tasks?assignee=finance-manager", KeyedOrdersServiceFixture.Key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var task = Assert.Single((await ReadJsonAsync(response)).EnumerateArray(), t => t.GetProperty("sagaId").GetGuid() == refundId);
        return task.GetProperty("taskId").GetGuid();
    }
}
