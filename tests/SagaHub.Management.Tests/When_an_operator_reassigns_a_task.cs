using System.Net;
using SagaHub.Management.Tests.Support;

namespace SagaHub.Management.Tests;

/// <summary>POST /sagahub/tasks/{id}/reassign: an operator action on the task's saga, audited in its history.</summary>
public sealed class When_an_operator_reassigns_a_task : IAsyncLifetime
{
    private ManagementHost host = null!;

    public async Task InitializeAsync() => host = await ManagementHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public async Task Should_move_it_to_the_new_assignees_inbox_and_record_who_and_why()
    {
        var (refundId, taskId) = await host.SeedRefundAsync();

        var response = await host.PostJsonAsync($"/sagahub/tasks/{taskId}/reassign", new { assignee = "finance-2", by = "lead", reason = "on holiday" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var inbox = await host.GetJsonAsync("/sagahub/tasks?assignee=finance-2");
        Assert.Equal(taskId, Assert.Single(inbox.EnumerateArray()).GetProperty("taskId").GetGuid());
        Assert.Empty((await host.GetJsonAsync("/sagahub/tasks?assignee=finance")).EnumerateArray());
        var audit = Assert.Single(await host.Store.GetHistoryAsync("TestRefundSaga", refundId), h => h.Kind == SagaHistoryKind.OperatorAction);
        Assert.Equal("ReassignTask to finance-2 by lead: on holiday; sent nothing", audit.Detail);
    }

    [Fact]
    public async Task Should_refuse_without_an_assignee_or_for_an_unknown_task()
    {
        var (_, taskId) = await host.SeedRefundAsync();

        var missing = await host.PostJsonAsync($"/sagahub/tasks/{taskId}/reassign", new { by = "lead", reason = "r" });
        var unknown = await host.PostJsonAsync($"/sagahub/tasks/{Guid.NewGuid()}/reassign", new { assignee = "x", by = "lead", reason = "r" });

        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.Contains("assignee", await missing.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
