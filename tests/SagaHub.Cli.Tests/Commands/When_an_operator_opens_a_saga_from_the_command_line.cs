using SagaHub.Cli.Tests.Support;
using SagaHub.Management.Tests.Support;
using SagaHub.Tests.Sagas;

namespace SagaHub.Cli.Tests.Commands;

/// <summary><c>sagahub show</c>, <c>diagram</c>, <c>counts</c> and <c>tasks</c> against the real management API.</summary>
public sealed class When_an_operator_opens_a_saga_from_the_command_line : IAsyncLifetime
{
    private ManagementHost host = null!;

    public async Task InitializeAsync() => host = await ManagementHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Should_show_state_data_allowed_actions_and_the_history_as_a_timeline()
    {
        var id = await host.SeedAsync(RepairStatus.OnHold, customer: "c-9");

        var run = await CliRun.RunAsync(host.Client, "show", "RepairSaga", id.ToString());

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"RepairSaga {id}: OnHold (parked, stuck)", run.Out, StringComparison.Ordinal);
        Assert.Contains("\"customer\": \"c-9\"", run.Out, StringComparison.Ordinal);
        Assert.Contains("Booking → Charging → OnHold", run.Out, StringComparison.Ordinal);
        Assert.Contains("resume: Booking, Charging, Working; move to: Booking, Charging, Working, Done, Cancelled; cancel: Done, Cancelled; deadline: none", run.Out, StringComparison.Ordinal);
        var timeline = run.Out[run.Out.IndexOf("History", StringComparison.Ordinal)..].Split('\n');
        string Entry(string sequence) => Assert.Single(timeline, l => l.StartsWith($"│ {sequence} ", StringComparison.Ordinal));
        Assert.Matches(@"2025-03-01 09:00:00Z │ Transition │ Initial → Booking +│ PlaceRepair", Entry("1"));
        Assert.Matches(@"2025-03-01 09:00:00Z │ Transition │ Booking → Charging +│ SlotBooked", Entry("2"));
        Assert.Matches(@"2025-03-01 09:05:00Z │ Transition │ Charging → OnHold +│ Timeout", Entry("3"));
        Assert.Contains("3 entries.", run.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_exit_3_when_there_is_no_such_saga()
    {
        var id = Guid.NewGuid();

        var run = await CliRun.RunAsync(host.Client, "show", "RepairSaga", id.ToString());

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Equal($"error: 404 Not found\n  There is no RepairSaga with id {id}.\n", run.Error);
        Assert.Equal(string.Empty, run.Out);
    }

    [Fact]
    public async Task Should_exit_3_naming_the_types_when_there_is_no_such_saga_type()
    {
        var run = await CliRun.RunAsync(host.Client, "diagram", "NoSuchSaga");

        Assert.Equal(ExitCodes.NotFound, run.ExitCode);
        Assert.Contains("runs no saga named 'NoSuchSaga'; it runs RepairSaga", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_print_the_diagram_as_Mermaid_or_DOT_as_the_API_has_it()
    {
        var definition = await host.GetJsonAsync("/sagahub/definitions/RepairSaga");

        var mermaid = await CliRun.RunAsync(host.Client, "diagram", "RepairSaga");
        var dot = await CliRun.RunAsync(host.Client, "diagram", "RepairSaga", "--dot");

        Assert.Equal(definition.GetProperty("mermaid").GetString()!.TrimEnd('\n') + "\n", mermaid.Out);
        Assert.Equal(definition.GetProperty("dot").GetString()!.TrimEnd('\n') + "\n", dot.Out);
    }

    [Fact]
    public async Task Should_count_sagas_by_state()
    {
        await host.SeedAsync(RepairStatus.OnHold);
        await host.SeedAsync(RepairStatus.OnHold);
        await host.SeedAsync(RepairStatus.Done);

        var run = await CliRun.RunAsync(host.Client, "counts");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Matches(@"│ RepairSaga │ OnHold +│ parked │ 2 +│", run.Out);
        Assert.Matches(@"│ RepairSaga │ Done +│ final +│ 1 +│", run.Out);
        Assert.Matches(@"Parked +2", run.Out);
    }

    [Fact]
    public async Task Should_list_no_open_tasks_and_refuse_to_decide_one_that_is_not_open()
    {
        var list = await CliRun.RunAsync(host.Client, "tasks", "--assignee", "ops");
        var approve = await CliRun.RunAsync(host.Client, "approve", Guid.NewGuid().ToString(), "--comment", "ok");

        Assert.Equal("No open tasks.\n", list.Out);
        Assert.Equal(ExitCodes.Conflict, approve.ExitCode);
        Assert.StartsWith("error: 409 The task is not open\n", approve.Error, StringComparison.Ordinal);
    }
}
