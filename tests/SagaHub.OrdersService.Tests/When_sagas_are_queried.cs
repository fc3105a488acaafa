using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using static SagaHub.OrdersService.Tests.OrdersServiceFixture;

namespace SagaHub.OrdersService.Tests;

[Collection(OrdersServiceCollection.Name)]
public sealed class When_sagas_are_queried(OrdersServiceFixture service)
{
    [Fact]
    public async Task Should_filter_sagas_by_type_and_state()
    {
        var completed = await service.CompletedOrderAsync();
        var rejected = await service.SubmitOrderAsync("SKU-RARE", quantity: 1);
        await service.WaitForStateAsync($"/orders/{rejected}", "Rejected");

        var orders = await ListAsync("/sagas?type=OrderSaga&limit=500");
        Assert.All(orders, s => Assert.Equal("OrderSaga", s.GetProperty("sagaType").GetString()));
        Assert.Contains(orders, s => Id(s) == completed);
        Assert.Contains(orders, s => Id(s) == rejected);

        var done = await ListAsync("/sagas?type=OrderSaga&state=Completed&limit=500");
        Assert.All(done, s => Assert.Equal("Completed", s.GetProperty("state").GetString()));
        var row = Assert.Single(done, s => Id(s) == completed);
        Assert.Equal($"/orders/{completed}", row.GetProperty("href").GetString());
        Assert.True(row.GetProperty("isFinal").GetBoolean());
        Assert.False(row.GetProperty("stuck").GetBoolean());
        Assert.DoesNotContain(done, s => Id(s) == rejected);

        var anyType = await ListAsync("/sagas?state=rejected&limit=500");
        Assert.Contains(anyType, s => Id(s) == rejected);
        Assert.All(anyType, s => Assert.Equal("Rejected", s.GetProperty("state").GetString()));

        var ignoringCase = await ListAsync("/sagas?type=ordersaga&state=completed&limit=500");
        Assert.Contains(ignoringCase, s => Id(s) == completed);

        Assert.Single(await ListAsync("/sagas?type=OrderSaga&limit=1"));
    }

    [Fact]
    public async Task Should_list_sagas_that_need_attention_as_stuck()
    {
        // 40.00 charged; the first refund of 30.00 is paid back, the second cannot be (only 10.00 is left),
        // so its payback faults and the refund parks in NeedsAttention.
        var orderId = await service.CompletedOrderAsync("SKU-GREEN", quantity: 4, unitPrice: 10.00m);
        var first = await service.RequestRefundAsync(orderId, 30.00m);
        await service.WaitForStateAsync($"/refunds/{first}", "Refunded");
        var second = await service.RequestRefundAsync(orderId, 30.00m);
        var parked = await service.WaitForStateAsync($"/refunds/{second}", "NeedsAttention");
        Assert.StartsWith("payback failed: A refund of 30", parked.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var stuck = await ListAsync("/sagas?stuck=true&limit=500");
        var row = Assert.Single(stuck, s => Id(s) == second);
        Assert.True(row.GetProperty("stuck").GetBoolean());
        Assert.Equal($"/refunds/{second}", row.GetProperty("href").GetString());
        Assert.DoesNotContain(stuck, s => Id(s) == first || Id(s) == orderId);
        Assert.All(stuck, s => Assert.True(s.GetProperty("stuck").GetBoolean()));

        Assert.Contains(await ListAsync("/sagas?type=RefundSaga&stuck=true&limit=500"), s => Id(s) == second);
        Assert.DoesNotContain(await ListAsync("/sagas?type=OrderSaga&stuck=true&limit=500"), s => Id(s) == second);
        Assert.DoesNotContain(await ListAsync("/sagas?type=RefundSaga&state=Refunded&stuck=true&limit=500"), s => Id(s) == second);
        Assert.Contains(await ListAsync("/sagas?type=RefundSaga&stuck=false&limit=500"), s => Id(s) == first);
    }

    [Fact]
    public async Task Should_list_sagas_past_their_deadline_as_stuck()
    {
        // A host whose timer service does not run, with rows written straight into its store:
        // one deadline an hour overdue, one due in an hour.
        await using var isolated = service.CreateIsolated(s => s.Configure<SagaHubOptions>(o => o.RunBackgroundServices = false));
        using var client = isolated.CreateClient();
        var store = isolated.Services.GetRequiredService<ISagaStore>();
        var now = DateTimeOffset.UtcNow;
        var (overdue, waiting) = (Guid.NewGuid(), Guid.NewGuid());
        await SeedOrderAsync(store, overdue, "Charging", now.AddHours(-2), now.AddHours(-1));
        await SeedOrderAsync(store, waiting, "Shipping", now.AddHours(-1), now.AddHours(1));

        using var response = await client.GetAsync(new Uri("/sagas?stuck=true", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var row = Assert.Single((await ReadJsonAsync(response)).EnumerateArray());
        Assert.Equal((overdue, "Charging", true), (Id(row), row.GetProperty("state").GetString(), row.GetProperty("stuck").GetBoolean()));
        Assert.Equal("Timeout", row.GetProperty("deadlineKind").GetString());
        Assert.Equal(2, (await ReadJsonAsync(await client.GetAsync(new Uri("/sagas", UriKind.Relative)))).GetArrayLength());
    }

    [Theory]
    [InlineData("/sagas?type=Nope", "type")]
    [InlineData("/sagas?type=OrderSaga&state=AwaitingApproval", "state")]
    [InlineData("/sagas?state=Nowhere", "state")]
    [InlineData("/sagas?stuck=maybe", "stuck")]
    [InlineData("/sagas?limit=0", "limit")]
    [InlineData("/sagas?limit=501", "limit")]
    [InlineData("/sagas?limit=ten", "limit")]
    public async Task Should_answer_400_naming_a_bad_filter(string path, string field)
    {
        using var response = await service.Client.GetAsync(new Uri(path, UriKind.Relative));

        await AssertProblemAsync(response, HttpStatusCode.BadRequest, field, because: path);
    }

    [Fact]
    public async Task Should_list_sagas_newest_first()
    {
        // Started a, b, c; changed last c, a, b: the list follows the last change, and the limit keeps the newest.
        await using var isolated = service.CreateIsolated(s => s.Configure<SagaHubOptions>(o => o.RunBackgroundServices = false));
        using var client = isolated.CreateClient();
        var store = isolated.Services.GetRequiredService<ISagaStore>();
        var now = DateTimeOffset.UtcNow;
        var (a, b, c) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
        await SeedOrderAsync(store, a, "Charging", now.AddHours(-3), now.AddHours(-2), updatedAt: now.AddMinutes(-20));
        await SeedOrderAsync(store, b, "Charging", now.AddHours(-2), now.AddHours(-2), updatedAt: now.AddMinutes(-10));
        await SeedOrderAsync(store, c, "NeedsAttention", now.AddHours(-1), now.AddHours(1), updatedAt: now.AddMinutes(-30));

        Assert.Equal([b, a, c], await IdsAsync(client, "/sagas"));
        Assert.Equal([b, a], await IdsAsync(client, "/sagas?limit=2"));
        Assert.Equal([b, a, c], await IdsAsync(client, "/sagas?stuck=true")); // overdue and parked, merged in the same order
        Assert.Equal([b], await IdsAsync(client, "/sagas?stuck=true&limit=1"));
    }

    [Theory]
    [InlineData("/sagas?type=OrderSaga&sort=created", "sort")]
    [InlineData("/sagas?staet=Completed", "staet")]
    [InlineData("/sagas?page=2&limit=10", "page")]
    public async Task Should_reject_unknown_query_parameters_of_sagas(string path, string parameter)
    {
        using var response = await service.Client.GetAsync(new Uri(path, UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, parameter, because: path);
        var errors = problem.GetProperty("errors");
        Assert.Single(errors.EnumerateObject());
        Assert.Contains("type, state, stuck, limit", errors.GetProperty(parameter)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_name_each_unknown_query_parameter_of_sagas()
    {
        using var response = await service.Client.GetAsync(new Uri("/sagas?sort=asc&order=desc&limit=5", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "sort");
        Assert.Equal(["sort", "order"], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
    }

    [Fact]
    public async Task Should_reject_a_query_parameter_of_sagas_given_twice()
    {
        using var response = await service.Client.GetAsync(new Uri("/sagas?state=Completed&state=Rejected", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "state");
        Assert.Contains("2 times", problem.GetProperty("errors").GetProperty("state")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_take_the_query_parameters_of_sagas_in_any_case()
    {
        Assert.Single(await ListAsync("/sagas?Type=OrderSaga&LIMIT=1"));
    }

    [Fact]
    public async Task Should_reject_unknown_query_parameters_of_tasks()
    {
        using var response = await service.Client.GetAsync(new Uri("/tasks?asignee=finance-manager", UriKind.Relative));

        var problem = await AssertProblemAsync(response, HttpStatusCode.BadRequest, "asignee");
        Assert.Contains("assignee", problem.GetProperty("errors").GetProperty("asignee")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await service.Client.GetAsync(new Uri("/tasks?assignee=finance-manager", UriKind.Relative))).StatusCode);
    }

    private static async Task<List<Guid>> IdsAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return [.. (await ReadJsonAsync(response)).EnumerateArray().Select(Id)];
    }

    private async Task<List<JsonElement>> ListAsync(string path) => [.. (await service.GetJsonAsync(path)).EnumerateArray()];

    private static Guid Id(JsonElement saga) => saga.GetProperty("sagaId").GetGuid();

    private static async Task SeedOrderAsync(ISagaStore store, Guid id, string state, DateTimeOffset createdAt, DateTimeOffset dueAt, DateTimeOffset? updatedAt = null)
    {
        var snapshot = new SagaSnapshot
        {
            SagaType = "OrderSaga",
            SagaId = id,
            State = state,
            IsFinal = false,
            IsParked = state == nameof(SagaHub.Orders.OrderStatus.NeedsAttention), // as the saga writes a parked row
            Data = """{"customerId":"c-seeded","lines":[],"total":0}""",
            Version = 1,
            LastSequence = 0,
            Deadline = new SagaDeadline(Guid.NewGuid(), dueAt, SagaDeadlineKind.Timeout),
            CreatedAt = createdAt,
            UpdatedAt = updatedAt ?? createdAt,
        };
        await store.CommitAsync(new SagaCommit("OrderSaga", Guid.NewGuid(), snapshot, 0, [], []));
    }
}
