using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Management.Tests.Support;

namespace SagaHub.Management.Tests;

/// <summary>
/// Every dead-letter replay and delete is in the operator audit (the store's <see cref="IOperatorAuditStore"/>): the request
/// before anything moves, its result after, with who, why and what was done to each message; <c>GET /sagahub/audit</c> lists them.
/// </summary>
public sealed class When_dead_letter_actions_are_audited : IAsyncLifetime
{
    private readonly FakeDeadLetterQueues queues = new();

    private ManagementHost host = null!;

    public async Task InitializeAsync() =>
        host = await ManagementHost.StartAsync(services: s => s.AddSingleton<IDeadLetterQueues>(queues));

    public async Task DisposeAsync() => await host.DisposeAsync();

    private async Task<IReadOnlyList<OperatorAuditEntry>> AuditAsync() =>
        [.. (await host.Store.ListAuditAsync(new OperatorAuditQuery())).Reverse()]; // oldest first

    [Fact]
    public async Task Should_record_a_replay_before_and_after_with_who_why_and_each_message()
    {
        var sagaId = Guid.NewGuid();
        queues.Letters.AddRange([FakeDeadLetterQueues.Letter("m-1", sagaId), FakeDeadLetterQueues.Letter("m-2")]);

        var response = await host.PostJsonAsync("/sagahub/dead-letters/replay", new { ids = new[] { "m-1", "m-9" }, by = "alice", reason = "inventory is back" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var entries = await AuditAsync();
        Assert.Equal([OperatorAuditOutcome.Requested, OperatorAuditOutcome.Partial], entries.Select(e => e.Outcome));
        Assert.All(entries, e => Assert.Equal(("alice", "inventory is back", "dead-letters.replay", entries[0].RequestId), (e.Actor, e.Reason, e.Action, e.RequestId)));
        Assert.Equal("m-1, m-9 in every queue", entries[0].Target);
        Assert.Null(entries[0].Detail);
        Assert.Equal("replayed 1, not found 1, failed 0", entries[1].Summary);
        var items = JsonDocument.Parse(entries[1].Detail!).RootElement.EnumerateArray().ToList();
        Assert.Equal([("m-1", "replayed"), ("m-9", "not-found")], items.Select(i => (i.GetProperty("id").GetString(), i.GetProperty("outcome").GetString())));
        Assert.Equal(("StockReserved", "orders-saga_error", sagaId), (items[0].GetProperty("messageType").GetString(), items[0].GetProperty("queue").GetString(), items[0].GetProperty("sagaId").GetGuid()));
        Assert.Equal(ManagementHost.Now, entries[0].At);
    }

    [Fact]
    public async Task Should_record_a_delete_as_done_when_every_message_was_deleted()
    {
        queues.Letters.AddRange([FakeDeadLetterQueues.Letter("m-1"), FakeDeadLetterQueues.Letter("m-2")]);

        await host.PostJsonAsync("/sagahub/dead-letters/delete", new { ids = new[] { "m-2" }, by = "bob", reason = "a test order" });

        var entries = await AuditAsync();
        Assert.Equal([OperatorAuditOutcome.Requested, OperatorAuditOutcome.Done], entries.Select(e => e.Outcome));
        Assert.Equal(("bob", "a test order", "dead-letters.delete", "m-2"), (entries[1].Actor, entries[1].Reason, entries[1].Action, entries[1].Target));
        Assert.Equal("deleted 1, not found 0, failed 0", entries[1].Summary);
    }

    [Fact]
    public async Task Should_record_a_replay_that_could_not_reach_the_queues_as_failed()
    {
        queues.Fails = new DeadLetterQueueException("The dead-letter queues cannot be reached: refused");

        var response = await host.PostJsonAsync("/sagahub/dead-letters/replay", new { all = true, by = "alice", reason = "retry" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var entries = await AuditAsync();
        Assert.Equal([OperatorAuditOutcome.Requested, OperatorAuditOutcome.Failed], entries.Select(e => e.Outcome));
        Assert.Equal("all of every queue (at most 1000)", entries[0].Target);
        Assert.Contains("cannot be reached", entries[1].Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_not_replay_when_the_request_cannot_be_audited()
    {
        await using var broken = await ManagementHost.StartAsync(services: s => s.AddSingleton<IDeadLetterQueues>(queues).AddSingleton<IOperatorAuditStore>(new FailingAudit()));
        queues.Letters.Add(FakeDeadLetterQueues.Letter("m-1"));

        var response = await broken.PostJsonAsync("/sagahub/dead-letters/replay", new { ids = new[] { "m-1" }, by = "alice", reason = "retry" });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("nothing was replayed", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(queues.Calls);
        Assert.Single(queues.Letters);
    }

    [Fact]
    public async Task Should_list_the_audit_newest_first_page_by_page()
    {
        queues.Letters.AddRange([FakeDeadLetterQueues.Letter("m-1"), FakeDeadLetterQueues.Letter("m-2")]);
        await host.PostJsonAsync("/sagahub/dead-letters/replay", new { ids = new[] { "m-1" }, by = "alice", reason = "first" });
        host.Time.Advance(TimeSpan.FromMinutes(1));
        await host.PostJsonAsync("/sagahub/dead-letters/delete", new { ids = new[] { "m-2" }, by = "bob", reason = "second" });

        var first = await host.GetJsonAsync("/sagahub/audit?limit=3");
        var rest = await host.GetJsonAsync("/sagahub/audit?limit=3&cursor=" + first.GetProperty("next").GetString());
        var deletes = await host.GetJsonAsync("/sagahub/audit?action=dead-letters.delete");

        var seen = first.GetProperty("items").EnumerateArray().Concat(rest.GetProperty("items").EnumerateArray()).ToList();
        Assert.Equal(["second", "second", "first", "first"], seen.Select(e => e.GetProperty("reason").GetString()));
        Assert.Equal(["done", "requested", "done", "requested"], seen.Select(e => e.GetProperty("outcome").GetString()));
        Assert.Equal(JsonValueKind.Null, rest.GetProperty("next").ValueKind);
        Assert.Equal("replayed", seen[2].GetProperty("detail")[0].GetProperty("outcome").GetString());
        Assert.All(deletes.GetProperty("items").EnumerateArray(), e => Assert.Equal("bob", e.GetProperty("actor").GetString()));
        Assert.Equal(2, deletes.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("?by=alice", "by")]
    [InlineData("?limit=0", "limit")]
    [InlineData("?cursor=not-a-cursor", "cursor")]
    public async Task Should_refuse_an_audit_query_naming_what_is_wrong(string query, string field)
    {
        var response = await host.Client.GetAsync("/sagahub/audit" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
    }

    private sealed class FailingAudit : IOperatorAuditStore
    {
        public ValueTask AppendAuditAsync(OperatorAuditEntry entry, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the audit table is gone");

        public ValueTask<IReadOnlyList<OperatorAuditEntry>> ListAuditAsync(OperatorAuditQuery query, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("the audit table is gone");
    }
}
