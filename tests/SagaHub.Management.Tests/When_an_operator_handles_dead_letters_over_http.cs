using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SagaHub.Management.Tests.Support;

namespace SagaHub.Management.Tests;

/// <summary>GET /sagahub/dead-letters and POST /sagahub/dead-letters/replay|delete over an <see cref="IDeadLetterQueues"/>: validated, answered per id, logged.</summary>
public sealed class When_an_operator_handles_dead_letters_over_http : IAsyncLifetime
{
    private readonly FakeDeadLetterQueues queues = new();

    private readonly LogCapture logs = new();

    private ManagementHost host = null!;

    public async Task InitializeAsync() =>
        host = await ManagementHost.StartAsync(services: s => s.AddSingleton<IDeadLetterQueues>(queues).AddSingleton<ILoggerProvider>(logs));

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Should_list_each_dead_letter_with_its_fault_saga_and_body()
    {
        var sagaId = Guid.NewGuid();
        queues.Letters.AddRange([FakeDeadLetterQueues.Letter("m-1", sagaId), FakeDeadLetterQueues.Letter("m-2")]);

        var page = await host.GetJsonAsync("/sagahub/dead-letters?queue=orders-saga_error&limit=1");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("m-1", item.GetProperty("id").GetString());
        Assert.Equal("orders-saga_error", item.GetProperty("queue").GetString());
        Assert.Equal("orders-saga", item.GetProperty("sourceQueue").GetString());
        Assert.Equal("StockReserved", item.GetProperty("messageType").GetString());
        Assert.Equal("SagaHub.SagaNotFoundException", item.GetProperty("exceptionType").GetString());
        Assert.Equal("OrderSaga", item.GetProperty("sagaType").GetString());
        Assert.Equal(sagaId, item.GetProperty("sagaId").GetGuid());
        Assert.Equal(sagaId.ToString(), item.GetProperty("body").GetProperty("message").GetProperty("orderId").GetString());
    }

    [Theory]
    [InlineData("?queue=billing_error", "queue")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?status=faulted", "status")]
    public async Task Should_refuse_a_list_query_naming_what_is_wrong(string query, string field)
    {
        var response = await host.Client.GetAsync("/sagahub/dead-letters" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(Errors(await response.Content.ReadAsStringAsync()).TryGetProperty(field, out _), $"no error for {field}");
    }

    [Fact]
    public async Task Should_replay_the_chosen_ids_answering_not_found_for_the_others_and_log_who_and_why()
    {
        queues.Letters.AddRange([FakeDeadLetterQueues.Letter("m-1", Guid.NewGuid()), FakeDeadLetterQueues.Letter("m-2")]);

        var response = await host.PostJsonAsync("/sagahub/dead-letters/replay", new { ids = new[] { "m-1", "m-9" }, by = "alice", reason = "inventory is back" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, result.GetProperty("replayed").GetInt32());
        Assert.Equal([("m-1", "replayed"), ("m-9", "not-found")], result.GetProperty("items").EnumerateArray().Select(i => (i.GetProperty("id").GetString(), i.GetProperty("outcome").GetString())));
        var call = Assert.Single(queues.Calls);
        Assert.Equal(new DeadLetterAudit("alice", "inventory is back"), call.Audit);
        var record = logs.Lines.Where(l => l.Category == "SagaHub.Management.DeadLetters").ToList();
        Assert.Contains(record, l => l.EventId == 102 && l.Message.Contains("m-1 (StockReserved) in orders-saga_error replayed by alice (inventory is back)", StringComparison.Ordinal));
        Assert.Contains(record, l => l.EventId == 103 && l.Message.Contains("m-9", StringComparison.Ordinal) && l.Message.Contains("not-found", StringComparison.Ordinal));
        Assert.DoesNotContain(record, l => l.Message.Contains("\"message\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_replay_all_of_a_queue()
    {
        queues.Letters.AddRange([FakeDeadLetterQueues.Letter("m-1"), FakeDeadLetterQueues.Letter("m-2")]);

        var response = await host.PostJsonAsync("/sagahub/dead-letters/replay", new { queue = "orders-saga_error", all = true, by = "alice", reason = "fixed" });

        Assert.Equal(2, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("replayed").GetInt32());
        var selection = Assert.Single(queues.Calls).Selection!;
        Assert.True(selection.All);
        Assert.Equal(("orders-saga_error", 1000), (selection.Queue, selection.Limit));
    }

    [Theory]
    [InlineData("/sagahub/dead-letters/replay", "{\"ids\":[\"m-1\"],\"by\":\"alice\"}", "reason")]
    [InlineData("/sagahub/dead-letters/replay", "{\"ids\":[\"m-1\"],\"reason\":\"why\"}", "by")]
    [InlineData("/sagahub/dead-letters/replay", "{\"by\":\"alice\",\"reason\":\"why\"}", "ids")]
    [InlineData("/sagahub/dead-letters/replay", "{\"all\":true,\"ids\":[\"m-1\"],\"queue\":\"orders-saga_error\",\"by\":\"alice\",\"reason\":\"why\"}", "ids")]
    [InlineData("/sagahub/dead-letters/delete", "{\"ids\":[\"m-1\"],\"by\":\"alice\",\"reason\":\" \"}", "reason")]
    [InlineData("/sagahub/dead-letters/delete", "{\"by\":\"alice\",\"reason\":\"why\"}", "ids")]
    public async Task Should_refuse_an_incomplete_request_naming_what_is_missing(string path, string json, string field)
    {
        queues.Letters.Add(FakeDeadLetterQueues.Letter("m-1"));

        var response = await host.Client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(Errors(await response.Content.ReadAsStringAsync()).TryGetProperty(field, out _), $"no error for {field}");
        Assert.Empty(queues.Calls);
        Assert.Single(queues.Letters);
    }

    [Fact]
    public async Task Should_replay_all_of_every_queue_when_no_queue_is_named()
    {
        queues.Letters.Add(FakeDeadLetterQueues.Letter("m-1"));

        var response = await host.PostJsonAsync("/sagahub/dead-letters/replay", new { all = true, by = "alice", reason = "everything is back" });

        Assert.Equal(1, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("replayed").GetInt32());
        var selection = Assert.Single(queues.Calls).Selection!;
        Assert.Equal((true, null), (selection.All, selection.Queue));
    }

    [Fact]
    public async Task Should_delete_with_a_reason()
    {
        queues.Letters.AddRange([FakeDeadLetterQueues.Letter("m-1"), FakeDeadLetterQueues.Letter("m-2")]);

        var response = await host.PostJsonAsync("/sagahub/dead-letters/delete", new { ids = new[] { "m-2" }, by = "bob", reason = "a test order" });

        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(1, result.GetProperty("deleted").GetInt32());
        Assert.Equal("deleted", result.GetProperty("items")[0].GetProperty("outcome").GetString());
        Assert.Equal(["m-1"], queues.Letters.Select(l => l.Id));
        Assert.Contains(logs.Lines, l => l.EventId == 102 && l.Message.Contains("m-2 (StockReserved) in orders-saga_error deleted by bob (a test order)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_answer_503_when_the_queues_cannot_be_reached()
    {
        queues.Fails = new DeadLetterQueueException("The dead-letter queues on amqp://sagahub@127.0.0.1:5672/%2F cannot be reached: refused");

        var list = await host.Client.GetAsync("/sagahub/dead-letters");
        var replay = await host.PostJsonAsync("/sagahub/dead-letters/replay", new { ids = new[] { "m-1" }, by = "alice", reason = "retry" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, list.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, replay.StatusCode);
        Assert.Contains("cannot be reached", await replay.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(logs.Lines, l => l.EventId == 105 && l.Message.Contains("replay by alice (retry)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_not_map_dead_letters_without_an_implementation()
    {
        await using var plain = await ManagementHost.StartAsync();

        Assert.Equal(HttpStatusCode.NotFound, (await plain.Client.GetAsync("/sagahub/dead-letters")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.Client.GetAsync("/sagahub/sagas")).StatusCode);
    }

    private static JsonElement Errors(string body) => JsonDocument.Parse(body).RootElement.GetProperty("errors");
}
