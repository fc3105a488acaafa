using System.Text.Json;
using SagaHub.Cli.Tests.Support;

namespace SagaHub.Cli.Tests.Commands;

/// <summary><c>sagahub dead-letters</c>, <c>replay</c> and <c>delete-dead-letters</c> against a fake of the agreed dead-letter endpoints.</summary>
public sealed class When_an_operator_handles_dead_letters_from_the_command_line : IAsyncLifetime
{
    private FakeDeadLetterApi api = null!;

    public async Task InitializeAsync() => api = await FakeDeadLetterApi.StartAsync();

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task Should_list_the_dead_letters_of_a_queue_as_a_table()
    {
        var run = await CliRun.RunAsync(api.Client, "dead-letters", "--queue", "order-saga_error", "--limit", "10");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("/sagahub/dead-letters?queue=order-saga_error&limit=10", Assert.Single(api.Requests).Path);
        var row = Assert.Single(run.Out.Split('\n'), l => l.Contains("dl-1", StringComparison.Ordinal));
        Assert.Matches(@"│ dl-1 +│ 2025-03-01 09:30:00Z │ order-saga_error │ order-saga │ PaymentCaptured 11111111-1111-1111-1111-111111111111 │ OrderSaga 22222222-2222-2222-2222-222222222222 │ Order not found", row);
        Assert.DoesNotContain("dl-2", run.Out, StringComparison.Ordinal);
        Assert.Contains("1 dead letter.", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_print_the_bodies_in_the_APIs_JSON_with_json()
    {
        var run = await CliRun.RunAsync(api.Client, "dead-letters", "--json");

        var items = JsonDocument.Parse(run.Out).RootElement.GetProperty("items");
        Assert.Equal(2, items.GetArrayLength());
        Assert.Equal(10, items[1].GetProperty("body").GetProperty("amount").GetInt32());
    }

    [Fact]
    public async Task Should_replay_the_named_dead_letters_saying_who_and_why()
    {
        var run = await CliRun.RunAsync(api.Client, "replay", "dl-1", "dl-9", "--reason", "order service fixed", "--by", "alice");

        Assert.True(run.ExitCode == 0, run.ToString());
        var request = Assert.Single(api.Requests);
        Assert.Equal(("POST", "/sagahub/dead-letters/replay"), (request.Method, request.Path));
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(["dl-1", "dl-9"], body.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal("alice", body.GetProperty("by").GetString());
        Assert.Equal("order service fixed", body.GetProperty("reason").GetString());
        Assert.False(body.TryGetProperty("all", out _));
        Assert.Matches(@"│ dl-1 │ replayed +│", run.Out);
        Assert.Matches(@"│ dl-9 │ not-found │", run.Out);
        Assert.EndsWith("Replayed 1.\n", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_replay_all_of_a_queue()
    {
        var run = await CliRun.RunAsync(api.Client, "replay", "--all", "--queue", "payments_error", "--reason", "card service back");

        Assert.True(run.ExitCode == 0, run.ToString());
        var body = JsonDocument.Parse(Assert.Single(api.Requests).Body).RootElement;
        Assert.True(body.GetProperty("all").GetBoolean());
        Assert.Equal("payments_error", body.GetProperty("queue").GetString());
        Assert.Equal("tester", body.GetProperty("by").GetString());
        Assert.Matches(@"│ dl-2 │ replayed │", run.Out);
        Assert.DoesNotContain("dl-1", run.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new[] { "replay", "--reason", "why" }, "Name the dead letters to replay, or give --all.")]
    [InlineData(new[] { "replay", "dl-1", "--all", "--reason", "why" }, "Give ids or --all, not both.")]
    [InlineData(new[] { "replay", "dl-1" }, "--reason is required")]
    [InlineData(new[] { "delete-dead-letters", "dl-1" }, "--reason is required")]
    public async Task Should_refuse_an_incomplete_command_as_a_usage_error_sending_nothing(string[] args, string message)
    {
        var run = await CliRun.RunAsync(api.Client, args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(message, run.Error, StringComparison.Ordinal);
        Assert.Empty(api.Requests);
    }

    [Fact]
    public async Task Should_delete_the_named_dead_letters()
    {
        var run = await CliRun.RunAsync(api.Client, "delete-dead-letters", "dl-2", "--reason", "test message", "--by", "bob");

        Assert.True(run.ExitCode == 0, run.ToString());
        var request = Assert.Single(api.Requests);
        Assert.Equal("/sagahub/dead-letters/delete", request.Path);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(["dl-2"], body.GetProperty("ids").EnumerateArray().Select(i => i.GetString()));
        Assert.Equal(("bob", "test message"), (body.GetProperty("by").GetString(), body.GetProperty("reason").GetString()));
        Assert.EndsWith("Deleted 1.\n", run.Out, StringComparison.Ordinal);
    }
}
