using System.Net;
using SagaHub.Management.Tests.Support;
using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Management.Tests;

/// <summary>GET /sagahub/sagas/{type}/{id} and the definitions: everything a person needs to see why and what next.</summary>
public sealed class When_an_operator_opens_a_saga : IAsyncLifetime
{
    private ManagementHost host = null!;

    public async Task InitializeAsync() => host = await ManagementHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Should_show_its_data_history_path_and_what_it_waits_for()
    {
        var id = await host.SeedAsync(RepairStatus.Charging, customer: "c-9");

        var saga = await host.GetJsonAsync($"/sagahub/sagas/RepairSaga/{id}");

        Assert.Equal("Charging", saga.GetProperty("state").GetString());
        Assert.Equal("c-9", saga.GetProperty("data").GetProperty("customer").GetString());
        Assert.Equal(["Booking", "Charging"], saga.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(2, saga.GetProperty("history").GetArrayLength());
        Assert.Equal(["RepairCharged", "Fault<ChargeRepair>", "Timeout"], saga.GetProperty("waitingFor").EnumerateArray().Select(w => w.GetProperty("trigger").GetString()));
        Assert.Equal("CancelSlot", saga.GetProperty("compensations")[0].GetProperty("messageType").GetString()!.Split('.')[^1].Split('+')[^1]);
        Assert.Equal(["Charging"], saga.GetProperty("actions").GetProperty("resume").EnumerateArray().Select(s => s.GetString()));
        var mermaid = saga.GetProperty("mermaid").GetString()!;
        Assert.EndsWith("    class Booking visited\n    class Charging current\n", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_show_which_attempt_a_retried_step_is_at_and_why_the_last_failed()
    {
        var id = await host.SeedAsync(RepairStatus.Charging);
        var row = (await host.Store.LoadAsync("RepairSaga", id))!;
        var attempt = new SagaStepAttempt(2, 3, Clock.T0.AddMinutes(10), "Fault<ChargeRepair>: System.TimeoutException: no answer");
        await host.Store.CommitAsync(new SagaCommit("RepairSaga", Guid.NewGuid(), row with { Attempt = attempt }, row.Version, [], []));

        var saga = await host.GetJsonAsync($"/sagahub/sagas/RepairSaga/{id}");

        var shown = saga.GetProperty("attempt");
        Assert.Equal(2, shown.GetProperty("number").GetInt32());
        Assert.Equal(3, shown.GetProperty("of").GetInt32());
        Assert.Equal(attempt.StepDueAt, shown.GetProperty("stepDueAt").GetDateTimeOffset());
        Assert.Equal(attempt.LastFailure, shown.GetProperty("lastFailure").GetString());
    }

    [Fact]
    public async Task Should_answer_404_naming_the_sagas_it_runs()
    {
        var response = await host.Client.GetAsync($"/sagahub/sagas/NoSuchSaga/{Guid.NewGuid()}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("runs no saga named 'NoSuchSaga'; it runs RepairSaga", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_describe_each_definition_with_its_state_kinds_and_diagrams()
    {
        var definition = await host.GetJsonAsync("/sagahub/definitions/RepairSaga");

        var kinds = definition.GetProperty("states").EnumerateArray().ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("kind").GetString());
        Assert.Equal("parked", kinds["OnHold"]);
        Assert.Equal("final", kinds["Done"]);
        Assert.Equal("compensating", kinds["Compensating"]);
        Assert.Equal("normal", kinds["Working"]);
        Assert.StartsWith("stateDiagram-v2", definition.GetProperty("mermaid").GetString(), StringComparison.Ordinal);
        Assert.StartsWith("digraph", definition.GetProperty("dot").GetString(), StringComparison.Ordinal);
        Assert.Equal(["RepairSaga", "TestRefundSaga"], (await host.GetJsonAsync("/sagahub/definitions")).EnumerateArray().Select(d => d.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Should_count_sagas_by_state_with_parked_and_overdue()
    {
        await host.SeedAsync(RepairStatus.OnHold);
        await host.SeedAsync(RepairStatus.OnHold);
        await host.SeedAsync(RepairStatus.Charging);
        await host.SeedAsync(RepairStatus.Done);

        var counts = await host.GetJsonAsync("/sagahub/counts");

        var byState = counts.GetProperty("states").EnumerateArray().ToDictionary(s => s.GetProperty("state").GetString()!, s => s.GetProperty("count").GetInt64());
        Assert.Equal(2, byState["OnHold"]);
        Assert.Equal(1, byState["Charging"]);
        Assert.Equal(1, byState["Done"]);
        Assert.Equal(2, counts.GetProperty("parked").GetInt64());
        Assert.Equal(1, counts.GetProperty("overdue").GetInt64());
    }
}
