using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Payments;
using SagaHub.Orders;

namespace SagaHub.Orders.Tests;

public sealed class When_a_large_refund_is_requested
{
    [Fact]
    public async Task Should_wait_for_the_finance_manager_with_a_task_due_in_48_hours()
    {
        await using var harness = await DemoHarness.StartAsync();
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        var requestedAt = harness.Clock.GetUtcNow();

        await harness.PublishAsync(DemoHarness.Refund(refundId, orderId, 100.01m));

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.AwaitingApproval);
        refund.WentThrough(RefundStatus.AwaitingApproval)
            .HasHistory(SagaHistoryKind.TaskCreated, 1)
            .HasGapFreeHistory();
        Assert.Equal("otherwise", refund.Transitions[0].Detail);
        Assert.Null(refund.Data<RefundData>().ApprovedBy);

        var task = Assert.Single(await harness.Tasks.ListOpenAsync("finance-manager"));
        Assert.Equal((nameof(RefundSaga), refundId, "Approve refund", nameof(RefundStatus.AwaitingApproval)), (task.SagaType, task.SagaId, task.Name, task.State));
        Assert.Equal((HumanTaskStatus.Open, "finance-director", false), (task.Status, task.EscalateTo, task.Escalated));
        Assert.Equal(requestedAt, task.CreatedAt);
        Assert.Equal(requestedAt + TimeSpan.FromHours(48), task.DueAt);
        Assert.Equal(task.DueAt, refund.Snapshot.Deadline!.DueAt);
        Assert.Empty(await harness.Tasks.ListOpenAsync("finance-director"));

        Assert.Equal(0, harness.SentCount<IssueRefund>(m => m.RefundId == refundId));
        Assert.Equal(0, harness.SentCount<RestockItems>(m => m.RefundId == refundId));
    }
}
