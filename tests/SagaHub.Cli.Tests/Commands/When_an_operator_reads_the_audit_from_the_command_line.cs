using System.Text.Json;
using SagaHub.Cli.Tests.Support;
using SagaHub.Management.Tests.Support;

namespace SagaHub.Cli.Tests.Commands;

/// <summary><c>sagahub audit</c> against the real management API over the in-memory store's operator audit.</summary>
public sealed class When_an_operator_reads_the_audit_from_the_command_line : IAsyncLifetime
{
    private ManagementHost host = null!;

    public async Task InitializeAsync() => host = await ManagementHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    private Task AppendAsync(string action, string actor, OperatorAuditOutcome outcome, string? summary = null) =>
        host.Store.AppendAuditAsync(new OperatorAuditEntry
        {
            Id = Guid.NewGuid(),
            RequestId = Guid.NewGuid(),
            At = ManagementHost.Now,
            Actor = actor,
            Reason = "payments is back",
            Action = action,
            Target = "all of orders-saga_error (at most 1000)",
            Outcome = outcome,
            Summary = summary,
        }).AsTask();

    [Fact]
    public async Task Should_print_the_entries_newest_first_as_a_table()
    {
        await AppendAsync("dead-letters.replay", "alice", OperatorAuditOutcome.Requested);
        await AppendAsync("dead-letters.replay", "alice", OperatorAuditOutcome.Done, "replayed 3, not found 0, failed 0");

        var run = await CliRun.RunAsync(host.Client, "audit");

        Assert.True(run.ExitCode == 0, run.ToString());
        var rows = run.Out.Split('\n').Where(l => l.Contains("alice", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, rows.Count);
        // Narrow columns wrap; the first line of each row holds the time, who, the action's start and the outcome.
        Assert.Matches(@"│ 2025-03-01 10:00:00Z │ alice │ dead-letters\.re\S* +│ done +│", rows[0]);
        Assert.Contains("replayed 3", run.Out.Replace("\n", " ", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("│ requested ", rows[1], StringComparison.Ordinal);
        Assert.Contains("2 entries.", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_filter_by_action_page_and_print_the_APIs_JSON()
    {
        await AppendAsync("dead-letters.delete", "bob", OperatorAuditOutcome.Requested);
        await AppendAsync("dead-letters.replay", "alice", OperatorAuditOutcome.Requested);
        await AppendAsync("dead-letters.delete", "bob", OperatorAuditOutcome.Done, "deleted 1, not found 0, failed 0");

        var first = await CliRun.RunAsync(host.Client, "audit", "--action", "dead-letters.delete", "--limit", "1", "--json");
        var next = JsonDocument.Parse(first.Out).RootElement.GetProperty("next").GetString()!;
        var second = await CliRun.RunAsync(host.Client, "audit", "--action", "dead-letters.delete", "--cursor", next);

        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Equal("done", JsonDocument.Parse(first.Out).RootElement.GetProperty("items")[0].GetProperty("outcome").GetString());
        Assert.Contains("│ requested ", second.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("alice", second.Out, StringComparison.Ordinal);
        Assert.Contains("1 entry.", second.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_a_bad_cursor_with_the_refused_exit_code()
    {
        var run = await CliRun.RunAsync(host.Client, "audit", "--cursor", "nonsense");

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.Contains("cursor", run.Error, StringComparison.Ordinal);
    }
}
