using System.Text.Json;
using SagaHub.Cli.Tests.Support;
using SagaHub.Management.Tests.Support;
using SagaHub.Tests.Sagas;

namespace SagaHub.Cli.Tests.Commands;

/// <summary><c>sagahub resume</c>, <c>move</c>, <c>cancel</c>, <c>reschedule</c> and <c>batch</c> against the real management API, checked in its store.</summary>
public sealed class When_an_operator_repairs_a_saga_from_the_command_line : IAsyncLifetime
{
    private ManagementHost host = null!;

    public async Task InitializeAsync() => host = await ManagementHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Should_resume_a_parked_saga_in_the_state_it_parked_from()
    {
        var id = await host.SeedAsync(RepairStatus.OnHold);

        var run = await CliRun.RunAsync(host.Client, "resume", "RepairSaga", id.ToString(), "--reason", "payments is back", "--by", "alice");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith($"RepairSaga {id}: OnHold → Charging, version 2 (action ", run.Out, StringComparison.Ordinal);
        Assert.Contains("Sent ChargeRepair to payments.", run.Out, StringComparison.Ordinal);
        Assert.Equal("Charging", (await host.Store.LoadAsync("RepairSaga", id))!.State);
        var audit = Assert.Single(await host.Store.GetHistoryAsync("RepairSaga", id), h => h.Kind == SagaHistoryKind.OperatorAction);
        Assert.Equal("Resume Charging by alice: payments is back; sent ChargeRepair", audit.Detail);
    }

    [Fact]
    public async Task Should_act_as_the_OS_user_when_no_by_is_given()
    {
        var id = await host.SeedAsync(RepairStatus.OnHold);

        var run = await CliRun.RunAsync(host.Client, "move", "RepairSaga", id.ToString(), "Working", "--reason", "charged by phone");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("Working", (await host.Store.LoadAsync("RepairSaga", id))!.State);
        Assert.Contains(await host.Store.GetHistoryAsync("RepairSaga", id), h => h.Kind == SagaHistoryKind.OperatorAction && h.Detail!.Contains("by tester", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_change_nothing_on_a_dry_run()
    {
        var id = await host.SeedAsync(RepairStatus.Charging);

        var run = await CliRun.RunAsync(host.Client, "cancel", "RepairSaga", id.ToString(), "Cancelled", "--reason", "customer withdrew", "--dry-run");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"Dry run, nothing changed: RepairSaga {id} would go Charging → Compensating.\nWould send CancelSlot to garage.\n", run.Out);
        Assert.Equal("Charging", (await host.Store.LoadAsync("RepairSaga", id))!.State);
    }

    [Fact]
    public async Task Should_exit_4_listing_the_allowed_actions_when_the_action_is_not_allowed()
    {
        var id = await host.SeedAsync(RepairStatus.Working);

        var run = await CliRun.RunAsync(host.Client, "move", "RepairSaga", id.ToString(), "Compensating", "--reason", "undo");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.StartsWith("error: 409 The action is not allowed in this state\n", run.Error, StringComparison.Ordinal);
        Assert.Contains("MoveTo Compensating: not allowed in state Working", run.Error, StringComparison.Ordinal);
        Assert.Contains("  allowed now: resume: Working; move to: Booking, Charging, OnHold, Done, Cancelled; cancel: Done, Cancelled; deadline: none\n", run.Error, StringComparison.Ordinal);
        Assert.Equal("Working", (await host.Store.LoadAsync("RepairSaga", id))!.State);
    }

    [Fact]
    public async Task Should_print_the_problem_JSON_to_stdout_as_well_with_json()
    {
        var id = await host.SeedAsync(RepairStatus.Working);

        var run = await CliRun.RunAsync(host.Client, "move", "RepairSaga", id.ToString(), "Compensating", "--reason", "undo", "--json");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        var problem = JsonDocument.Parse(run.Out).RootElement;
        Assert.Equal(409, problem.GetProperty("status").GetInt32());
        Assert.Equal(["Done", "Cancelled"], problem.GetProperty("allowed").GetProperty("cancel").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Should_exit_4_when_the_saga_moved_past_the_expected_version()
    {
        var id = await host.SeedAsync(RepairStatus.OnHold);

        var run = await CliRun.RunAsync(host.Client, "resume", "RepairSaga", id.ToString(), "--reason", "retry", "--expected-version", "7");

        Assert.Equal(ExitCodes.Conflict, run.ExitCode);
        Assert.StartsWith("error: 409 The saga changed meanwhile\n", run.Error, StringComparison.Ordinal);
        Assert.Equal("OnHold", (await host.Store.LoadAsync("RepairSaga", id))!.State);
    }

    [Fact]
    public async Task Should_reschedule_the_deadline_counting_from_now()
    {
        var id = await host.SeedAsync(RepairStatus.Charging);

        var run = await CliRun.RunAsync(host.Client, "reschedule", "RepairSaga", id.ToString(), "+2h", "--reason", "payments is slow today");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(ManagementHost.Now.AddHours(2), (await host.Store.LoadAsync("RepairSaga", id))!.Deadline!.DueAt);
    }

    [Fact]
    public async Task Should_refuse_an_action_without_a_reason_as_a_usage_error_sending_nothing()
    {
        var id = await host.SeedAsync(RepairStatus.OnHold);

        var run = await CliRun.RunAsync(host.Client, "resume", "RepairSaga", id.ToString());

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--reason is required", run.Error, StringComparison.Ordinal);
        Assert.DoesNotContain(await host.Store.GetHistoryAsync("RepairSaga", id), h => h.Kind == SagaHistoryKind.OperatorAction);
    }

    [Fact]
    public async Task Should_resume_every_parked_saga_of_a_batch_listing_each()
    {
        var parked = new[] { await host.SeedAsync(RepairStatus.OnHold), await host.SeedAsync(RepairStatus.OnHold) };
        var working = await host.SeedAsync(RepairStatus.Working);

        var dry = await CliRun.RunAsync(host.Client, "batch", "resume", "--filter", "parked=true", "--cap", "10", "--reason", "payments is back", "--dry-run");
        var run = await CliRun.RunAsync(host.Client, "batch", "resume", "--filter", "parked=true", "--cap", "10", "--reason", "payments is back");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("Dry run, nothing changed: matched 2, would apply 2, failed 0", dry.Out, StringComparison.Ordinal);
        Assert.Contains("matched 2, applied 2, failed 0", run.Out, StringComparison.Ordinal);
        foreach (var id in parked)
        {
            Assert.Matches($@"│ RepairSaga │ {id} │ applied +│ Charging", run.Out);
            Assert.Equal("Charging", (await host.Store.LoadAsync("RepairSaga", id))!.State);
        }

        Assert.Equal("Working", (await host.Store.LoadAsync("RepairSaga", working))!.State);
    }

    [Fact]
    public async Task Should_exit_1_naming_the_filter_the_API_refused()
    {
        var run = await CliRun.RunAsync(host.Client, "batch", "resume", "--filter", "colour=red", "--cap", "5", "--reason", "why");

        Assert.Equal(ExitCodes.Refused, run.ExitCode);
        Assert.StartsWith("error: 400 The batch is not valid.\n  colour: Unknown parameter 'colour'", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_refuse_a_batch_without_a_cap_as_a_usage_error()
    {
        var run = await CliRun.RunAsync(host.Client, "batch", "resume", "--filter", "parked=true", "--reason", "why");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("--cap N is required", run.Error, StringComparison.Ordinal);
    }
}
