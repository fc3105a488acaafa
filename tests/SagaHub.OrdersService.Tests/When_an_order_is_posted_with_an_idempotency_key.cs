using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.OrdersService.Api;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

/// <summary><c>POST /orders</c> with an <c>Idempotency-Key</c>: a retry answers with the first order, another body is 422.</summary>
[Collection(OrdersServiceCollection.Name)]
public sealed class When_an_order_is_posted_with_an_idempotency_key(OrdersServiceFixture service)
{
    private const string Body = """{"customerId":"cust-idem","lines":[{"sku":"SKU-BLUE","quantity":2,"unitPrice":10.00}]}""";

    // The same request: other whitespace, member order, an unknown member and the price's scale.
    private const string SameBodyReformatted = """
        { "lines": [ { "unitPrice": 10, "quantity": 2, "sku": "SKU-BLUE" } ],
          "customerId": "cust-idem", "note": "ignored" }
        """;

    private const string OtherBody = """{"customerId":"cust-idem","lines":[{"sku":"SKU-BLUE","quantity":3,"unitPrice":10.00}]}""";

    [Fact]
    public async Task Should_return_the_same_order_to_a_retry_with_the_same_key()
    {
        var key = NewKey();
        var (first, firstLocation) = await AcceptedAsync(service.Client, key, Body);
        await service.WaitForStateAsync($"/orders/{first}", "Completed");

        var (again, againLocation) = await AcceptedAsync(service.Client, key, SameBodyReformatted);

        Assert.Equal(first, again);
        Assert.Equal(firstLocation, againLocation);
        var order = await service.GetJsonAsync($"/orders/{first}");
        Assert.Equal("Completed", order.GetProperty("state").GetString());
        AssertSubmittedOnce(order);
    }

    [Fact]
    public async Task Should_answer_422_to_a_reused_key_with_another_body()
    {
        var key = NewKey();
        var (orderId, _) = await AcceptedAsync(service.Client, key, Body);
        await service.WaitUntilAsync($"/orders/{orderId}", _ => true, "the order saga's row");

        using var response = await PostAsync(service.Client, key, OtherBody);

        var problem = await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity);
        var detail = problem.GetProperty("detail").GetString()!;
        Assert.Contains(OrdersApi.IdempotencyKeyHeader, problem.GetProperty("title").GetString()!, StringComparison.Ordinal);
        Assert.Contains(OrdersApi.IdempotencyKeyHeader, detail, StringComparison.Ordinal);
        Assert.Contains("differs from the first request", detail, StringComparison.Ordinal);
        Assert.Contains(orderId.ToString(), detail, StringComparison.Ordinal);
        var order = await service.WaitForStateAsync($"/orders/{orderId}", "Completed");
        Assert.Equal(2, Assert.Single(order.GetProperty("lines").EnumerateArray()).GetProperty("quantity").GetInt32());
    }

    [Fact]
    public async Task Should_start_one_saga_when_retried_before_the_saga_has_its_row()
    {
        // The order saga's store work waits at a gate: the first submission is published but has no row yet.
        var gate = new SagaGate();
        await using var isolated = service.CreateIsolated(s => s.AddSingleton<ISagaStore>(sp => new GatedSagaStore(sp.GetRequiredService<InMemorySagaStore>(), gate)).AddSingleton<InMemorySagaStore>());
        using var client = isolated.CreateClient();
        var key = NewKey();

        var (first, _) = await AcceptedAsync(client, key, Body);
        await gate.Reached.WaitAsync(WaitTimeout);
        var (second, _) = await AcceptedAsync(client, key, SameBodyReformatted);
        var (third, _) = await AcceptedAsync(client, key, Body);
        gate.Open();

        Assert.Equal(new[] { first, first }, new[] { second, third });
        var order = await WaitUntilAsync(client, isolated.Services, $"/orders/{first}", o => o.GetProperty("state").GetString() == "Completed", "state Completed");
        AssertSubmittedOnce(order);
        Assert.Single(await isolated.Services.GetRequiredService<ISagaStore>().QueryAsync(new SagaQuery { SagaType = "OrderSaga" }));
    }

    [Fact]
    public async Task Should_keep_one_body_when_another_body_comes_before_the_saga_has_its_row()
    {
        // The documented window: no row to compare against, so both are accepted; the saga keeps the body it
        // handles first, records the other as a rejected trigger, and from then on a retry of the other is 422.
        var gate = new SagaGate();
        await using var isolated = service.CreateIsolated(s => s.AddSingleton<ISagaStore>(sp => new GatedSagaStore(sp.GetRequiredService<InMemorySagaStore>(), gate)).AddSingleton<InMemorySagaStore>());
        using var client = isolated.CreateClient();
        var key = NewKey();

        var (first, _) = await AcceptedAsync(client, key, Body);
        await gate.Reached.WaitAsync(WaitTimeout);
        var (second, _) = await AcceptedAsync(client, key, OtherBody);
        gate.Open();

        Assert.Equal(first, second);
        var order = await WaitUntilAsync(
            client,
            isolated.Services,
            $"/orders/{first}",
            o => o.GetProperty("state").GetString() == "Completed" && o.GetProperty("history").EnumerateArray().Any(h => h.GetProperty("kind").GetString() == "Rejected"),
            "state Completed with the other submission rejected");
        var rejected = Assert.Single(order.GetProperty("history").EnumerateArray(), h => h.GetProperty("kind").GetString() == "Rejected");
        Assert.Equal("OrderSubmitted", rejected.GetProperty("trigger").GetString());
        var kept = Assert.Single(order.GetProperty("lines").EnumerateArray()).GetProperty("quantity").GetInt32();
        var (keptBody, lostBody) = kept == 2 ? (Body, OtherBody) : (OtherBody, Body);

        Assert.Equal(first, (await AcceptedAsync(client, key, keptBody)).OrderId);
        using var lost = await PostAsync(client, key, lostBody);
        await AssertProblemAsync(lost, HttpStatusCode.UnprocessableEntity);
    }

    [Fact]
    public async Task Should_create_a_new_order_each_time_without_a_key()
    {
        var (first, _) = await AcceptedAsync(service.Client, key: null, Body);
        var (second, _) = await AcceptedAsync(service.Client, key: null, Body);

        Assert.NotEqual(first, second);
        await service.WaitForStateAsync($"/orders/{first}", "Completed");
        await service.WaitForStateAsync($"/orders/{second}", "Completed");
    }

    [Fact]
    public async Task Should_give_each_key_its_own_order()
    {
        var (first, _) = await AcceptedAsync(service.Client, NewKey(), Body);
        var (second, _) = await AcceptedAsync(service.Client, NewKey(), Body);

        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(" leading-space")]
    [InlineData("trailing-space ")]
    [InlineData("tab\tinside")]
    [InlineData("caf\u00e9")]
    [InlineData("201")]
    public async Task Should_answer_400_naming_the_header_to_a_bad_key(string key)
    {
        key = key == "201" ? new string('k', OrderIdempotencyMaxLength + 1) : key;

        // Straight onto the test server: HttpClient would drop an empty header and refuse some of these values.
        var context = await service.Factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = "/orders";
            c.Request.Headers[OrdersApi.IdempotencyKeyHeader] = key;
            c.Request.ContentType = "application/json";
            c.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(Body));
        });

        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.Equal("application/problem+json", context.Response.ContentType);
        var problem = await JsonDocument.ParseAsync(context.Response.Body);
        var messages = problem.RootElement.GetProperty("errors").GetProperty(OrdersApi.IdempotencyKeyHeader);
        Assert.Contains(OrdersApi.IdempotencyKeyHeader, messages[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_answer_400_naming_the_header_to_the_key_given_twice()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/orders", UriKind.Relative)) { Content = Json(Body) };
        request.Headers.TryAddWithoutValidation(OrdersApi.IdempotencyKeyHeader, [NewKey(), NewKey()]);

        using var response = await service.Client.SendAsync(request);

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, OrdersApi.IdempotencyKeyHeader);
    }

    [Fact]
    public async Task Should_accept_the_longest_printable_key()
    {
        var key = string.Concat(Enumerable.Repeat(" !~azAZ09", 30))[1..(OrderIdempotencyMaxLength + 1)];

        var (first, _) = await AcceptedAsync(service.Client, key, Body);

        Assert.Equal(first, (await AcceptedAsync(service.Client, key, Body)).OrderId);
    }

    private const int OrderIdempotencyMaxLength = 200;

    private static string NewKey() => $"test-{Guid.NewGuid():N}";

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string? key, string json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/orders", UriKind.Relative)) { Content = Json(json) };
        if (key is not null)
        {
            Assert.True(request.Headers.TryAddWithoutValidation(OrdersApi.IdempotencyKeyHeader, key));
        }

        return await client.SendAsync(request);
    }

    private static async Task<(Guid OrderId, string? Location)> AcceptedAsync(HttpClient client, string? key, string json)
    {
        using var response = await PostAsync(client, key, json);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"expected 202, got {(int)response.StatusCode}: {text}");
        return (JsonDocument.Parse(text).RootElement.GetProperty("orderId").GetGuid(), response.Headers.Location?.OriginalString);
    }

    /// <summary>One submission started the saga, and no other reached it (a second one would be a Rejected row).</summary>
    private static void AssertSubmittedOnce(JsonElement order)
    {
        var history = order.GetProperty("history").EnumerateArray().ToList();
        Assert.Single(history, h => h.GetProperty("trigger").GetString() == "OrderSubmitted");
        Assert.DoesNotContain(history, h => h.GetProperty("kind").GetString() == "Rejected");
    }

    /// <summary>Holds the order saga's units of work until opened; says when the first one arrived.</summary>
    private sealed class SagaGate
    {
        private readonly TaskCompletionSource reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource open = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Reached => reached.Task;

        public async Task PassAsync(CancellationToken cancellationToken)
        {
            reached.TrySetResult();
            await open.Task.WaitAsync(cancellationToken);
        }

        public void Open() => open.TrySetResult();
    }

    /// <summary>The in-memory store, with the order saga's <see cref="ISagaUnitOfWorkStore.BeginAsync"/> held at a <see cref="SagaGate"/>; the API's reads pass.</summary>
    private sealed class GatedSagaStore(InMemorySagaStore inner, SagaGate gate) : ISagaStore
    {
        private ISagaStore Inner => inner;

        public async ValueTask<ISagaStoreSession> BeginAsync(string sagaType, Guid sagaId, string consumer, Guid messageId, CancellationToken cancellationToken = default)
        {
            if (sagaType == "OrderSaga")
            {
                await gate.PassAsync(cancellationToken);
            }

            return await Inner.BeginAsync(sagaType, sagaId, consumer, messageId, cancellationToken);
        }

        public ValueTask<SagaSnapshot?> LoadAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default) => Inner.LoadAsync(sagaType, sagaId, cancellationToken);

        public ValueTask<bool> WasProcessedAsync(string consumer, Guid messageId, CancellationToken cancellationToken = default) => Inner.WasProcessedAsync(consumer, messageId, cancellationToken);

        public ValueTask CommitAsync(SagaCommit commit, CancellationToken cancellationToken = default) => Inner.CommitAsync(commit, cancellationToken);

        public ValueTask<IReadOnlyList<SagaHistoryEntry>> GetHistoryAsync(string sagaType, Guid sagaId, CancellationToken cancellationToken = default) => Inner.GetHistoryAsync(sagaType, sagaId, cancellationToken);

        public ValueTask<IReadOnlyList<SagaSnapshot>> QueryAsync(SagaQuery query, CancellationToken cancellationToken = default) => Inner.QueryAsync(query, cancellationToken);

        public ValueTask<IReadOnlyList<SagaStateCount>> CountAsync(DateTimeOffset at, string? sagaType = null, CancellationToken cancellationToken = default) => Inner.CountAsync(at, sagaType, cancellationToken);

        public ValueTask AppendAuditAsync(OperatorAuditEntry entry, CancellationToken cancellationToken = default) => Inner.AppendAuditAsync(entry, cancellationToken);

        public ValueTask<IReadOnlyList<OperatorAuditEntry>> ListAuditAsync(OperatorAuditQuery query, CancellationToken cancellationToken = default) => Inner.ListAuditAsync(query, cancellationToken);

        public ValueTask<IReadOnlyList<DueDeadline>> ClaimDueDeadlinesAsync(DateTimeOffset now, TimeSpan lease, int max, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default) => Inner.ClaimDueDeadlinesAsync(now, lease, max, sagaTypes, cancellationToken);

        public ValueTask<DateTimeOffset?> NextDeadlineAsync(DateTimeOffset now, IReadOnlyCollection<string>? sagaTypes = null, CancellationToken cancellationToken = default) => Inner.NextDeadlineAsync(now, sagaTypes, cancellationToken);

        public ValueTask<IReadOnlyList<OutboxEntry>> GetUndispatchedAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken = default) => Inner.GetUndispatchedAsync(createdBefore, max, cancellationToken);

        public ValueTask<IReadOnlyList<OutboxEntry>> ClaimUndispatchedAsync(DateTimeOffset createdBefore, int max, CancellationToken cancellationToken = default) => Inner.ClaimUndispatchedAsync(createdBefore, max, cancellationToken);

        public ValueTask ReleaseUndispatchedAsync(IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken = default) => Inner.ReleaseUndispatchedAsync(messageIds, cancellationToken);

        public ValueTask MarkDispatchedAsync(IReadOnlyCollection<Guid> messageIds, DateTimeOffset at, CancellationToken cancellationToken = default) => Inner.MarkDispatchedAsync(messageIds, at, cancellationToken);

        public ValueTask<HumanTask?> GetTaskAsync(Guid taskId, CancellationToken cancellationToken = default) => Inner.GetTaskAsync(taskId, cancellationToken);

        public ValueTask<IReadOnlyList<HumanTask>> GetOpenTasksAsync(string? assignee, CancellationToken cancellationToken = default) => Inner.GetOpenTasksAsync(assignee, cancellationToken);

        public ValueTask<HumanTaskDecisionResult> TryDecideTaskAsync(HumanTaskDecision decision, CancellationToken cancellationToken = default) => Inner.TryDecideTaskAsync(decision, cancellationToken);
    }
}
