using System.Net;
using System.Text.Json;
using SagaHub.Management.Tests.Support;
using SagaHub.Tests.Sagas;

namespace SagaHub.Management.Tests;

/// <summary>POST /sagahub/sagas/{type}/{id}/actions and /sagahub/batch: audited, validated, one unit of work each.</summary>
public sealed class When_an_operator_acts_over_http : IAsyncLifetime
{
    private ManagementHost host = null!;

    public async Task InitializeAsync() => host = await ManagementHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Should_resume_a_parked_saga_in_the_state_it_parked_from()
    {
        var id = await host.SeedAsync(RepairStatus.OnHold);

        var response = await host.PostJsonAsync($"/sagahub/sagas/RepairSaga/{id}/actions", new { kind = "resume", by = "alice", reason = "payments is back" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("Charging", result.GetProperty("to").GetString());
        Assert.Equal("ChargeRepair", result.GetProperty("sent")[0].GetProperty("type").GetString());
        var stored = await host.Store.LoadAsync("RepairSaga", id);
        Assert.Equal("Charging", stored!.State);
        var audit = Assert.Single(await host.Store.GetHistoryAsync("RepairSaga", id), h => h.Kind == SagaHistoryKind.OperatorAction);
        Assert.Equal("Resume Charging by alice: payments is back; sent ChargeRepair", audit.Detail);
    }

    [Fact]
    public async Task Should_answer_409_naming_the_allowed_actions()
    {
        var id = await host.SeedAsync(RepairStatus.Working);

        var response = await host.PostJsonAsync($"/sagahub/sagas/RepairSaga/{id}/actions", new { kind = "moveTo", state = "Compensating", by = "alice", reason = "undo" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Contains("MoveTo Compensating: not allowed in state Working", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(["Booking", "Charging", "OnHold", "Done", "Cancelled"], problem.GetProperty("allowed").GetProperty("moveTo").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal("Working", (await host.Store.LoadAsync("RepairSaga", id))!.State);
    }

    [Theory]
    [InlineData("{\"kind\":\"resume\",\"by\":\"alice\"}", "reason")]
    [InlineData("{\"kind\":\"resume\",\"reason\":\"why\"}", "by")]
    [InlineData("{\"kind\":\"explode\",\"by\":\"alice\",\"reason\":\"why\"}", "kind")]
    [InlineData("{\"kind\":\"rescheduleDeadline\",\"by\":\"alice\",\"reason\":\"why\"}", "dueAt")]
    public async Task Should_refuse_an_incomplete_action_naming_what_is_missing(string json, string field)
    {
        var id = await host.SeedAsync(RepairStatus.Charging);

        var response = await host.Client.PostAsync($"/sagahub/sagas/RepairSaga/{id}/actions", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
    }

    [Fact]
    public async Task Should_show_a_dry_run_without_changing_anything()
    {
        var id = await host.SeedAsync(RepairStatus.Charging);

        var response = await host.PostJsonAsync($"/sagahub/sagas/RepairSaga/{id}/actions", new { kind = "cancel", state = "Cancelled", by = "alice", reason = "customer withdrew", dryRun = true });

        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.True(result.GetProperty("dryRun").GetBoolean());
        Assert.False(result.GetProperty("applied").GetBoolean());
        Assert.Equal("CancelSlot", result.GetProperty("sent")[0].GetProperty("type").GetString());
        Assert.Equal("Charging", (await host.Store.LoadAsync("RepairSaga", id))!.State);
    }

    [Fact]
    public async Task Should_let_one_of_two_operators_win_and_tell_the_other_409()
    {
        var id = await host.SeedAsync(RepairStatus.OnHold);

        var answers = await Task.WhenAll(
            host.PostJsonAsync($"/sagahub/sagas/RepairSaga/{id}/actions", new { kind = "resume", state = "Charging", by = "alice", reason = "retry", expectedVersion = 1 }),
            host.PostJsonAsync($"/sagahub/sagas/RepairSaga/{id}/actions", new { kind = "moveTo", state = "Working", by = "bob", reason = "skip", expectedVersion = 1 }));

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
        Assert.Single(await host.Store.GetHistoryAsync("RepairSaga", id), h => h.Kind == SagaHistoryKind.OperatorAction);
    }

    [Fact]
    public async Task Should_resume_every_parked_saga_in_a_batch_once_even_when_the_batch_is_sent_again()
    {
        var parked = new[] { await host.SeedAsync(RepairStatus.OnHold), await host.SeedAsync(RepairStatus.OnHold), await host.SeedAsync(RepairStatus.OnHold) };
        var working = await host.SeedAsync(RepairStatus.Working, customer: "c-2");
        var batch = new { filter = new Dictionary<string, string> { ["parked"] = "true" }, action = new { kind = "resume", by = "alice", reason = "payments is back" }, cap = 10, batchId = Guid.NewGuid() };

        var dry = await ReadAsync(await host.PostJsonAsync("/sagahub/batch", new { batch.filter, batch.action, batch.cap, batch.batchId, dryRun = true }));
        var run = await ReadAsync(await host.PostJsonAsync("/sagahub/batch", new { batch.filter, batch.action, batch.cap, batch.batchId }));
        var again = await ReadAsync(await host.PostJsonAsync("/sagahub/batch", new { filter = new Dictionary<string, string> { ["search.customer"] = "c-1" }, batch.action, batch.cap, batch.batchId }));

        Assert.Equal(3, dry.GetProperty("matched").GetInt32());
        Assert.All(dry.GetProperty("items").EnumerateArray(), i => Assert.Equal("would-apply", i.GetProperty("outcome").GetString()));
        Assert.Equal(3, run.GetProperty("applied").GetInt32());
        foreach (var id in parked)
        {
            Assert.Equal("Charging", (await host.Store.LoadAsync("RepairSaga", id))!.State);
            Assert.Single(await host.Store.GetHistoryAsync("RepairSaga", id), h => h.Kind == SagaHistoryKind.OperatorAction);
        }

        var outcomes = again.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetGuid(), i => i.GetProperty("outcome").GetString());
        Assert.All(parked, id => Assert.Equal("already-applied", outcomes[id]));
        Assert.Equal("Working", (await host.Store.LoadAsync("RepairSaga", working))!.State);
    }

    [Fact]
    public async Task Should_refuse_a_batch_that_matches_more_than_its_cap()
    {
        await host.SeedAsync(RepairStatus.OnHold);
        await host.SeedAsync(RepairStatus.OnHold);

        var response = await host.PostJsonAsync("/sagahub/batch", new { filter = new Dictionary<string, string> { ["parked"] = "true" }, action = new { kind = "resume", by = "alice", reason = "r" }, cap = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("matches more than 1 sagas", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain(await host.Store.QueryAsync(new SagaQuery()), s => s.State == "Charging");
    }

    private static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
