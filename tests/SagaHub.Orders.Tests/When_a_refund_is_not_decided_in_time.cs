using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Notifications;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Refunds;
using SagaHub.Notifications;
using SagaHub.Orders;
using SagaHub.Testing;

namespace SagaHub.Orders.Tests;

public sealed class When_a_refund_is_not_decided_in_time
{
    [Fact]
    public async Task Should_do_nothing_before_the_task_is_due()
    {
        await using var harness = await DemoHarness.StartAsync();
        var refundId = await AwaitingApprovalAsync(harness);

        Assert.Equal(0, await harness.AdvanceTimeAsync(TimeSpan.FromHours(47)));

        var refund = await harness.SagaAsync<RefundSaga>(refundId);
        refund.IsIn(RefundStatus.AwaitingApproval).HasHistory(SagaHistoryKind.TaskEscalated, 0);
        var task = Assert.Single(await harness.Tasks.ListOpenAsync("finance-manager"));
        Assert.False(task.Escalated);
        Assert.Empty(await harness.Tasks.ListOpenAsync("finance-director"));
        Assert.Equal(0, harness.SentCount<SendNotification>(m => m.ReferenceId == refundId));

        Assert.Equal(1, await harness.AdvanceTimeAsync(TimeSpan.FromHours(1))); // due exactly at 48 h
    }

    [Fact]
    public async Task Should_escalate_to_the_finance_director_after_48_hours()
    {
        await using var harness = await DemoHarness.StartAsync();
        var refundId = await AwaitingApprovalAsync(harness);

        Assert.Equal(1, await harness.AdvanceTimeAsync(TimeSpan.FromHours(48)));

        var refund = await harness.SagaAsync<RefundSaga>(refundId);
        refund.IsIn(RefundStatus.AwaitingApproval)
            .WentThrough(RefundStatus.AwaitingApproval)
            .HasHistory(SagaHistoryKind.TaskEscalated, 1)
            .HasGapFreeHistory();
        var escalated = refund.History[^1];
        Assert.Equal((SagaHistoryKind.TaskEscalated, "Escalated"), (escalated.Kind, escalated.Trigger));
        Assert.Contains("finance-director", escalated.Detail, StringComparison.Ordinal);

        var task = Assert.Single(await harness.Tasks.ListOpenAsync("finance-director"));
        Assert.Equal(refundId, task.SagaId);
        Assert.True(task.Escalated);
        Assert.Equal(harness.Clock.GetUtcNow() + TimeSpan.FromHours(24), task.ExpiresAt);
        Assert.Empty(await harness.Tasks.ListOpenAsync("finance-manager"));

        await harness.ConsumedAsync<SendNotification>(m => m.ReferenceId == refundId && m.Recipient == "finance-director");
        var note = Assert.Single(await harness.Services.GetRequiredService<NotificationLog>().ForAsync(refundId));
        Assert.Equal(("finance-director", "Refund waiting for approval"), (note.Recipient, note.Subject));
        Assert.Contains("250.00", note.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_reject_it_24_hours_after_the_escalation_and_notify_the_customer()
    {
        await using var harness = await DemoHarness.StartAsync();
        var refundId = await AwaitingApprovalAsync(harness);
        var taskId = Assert.Single(await harness.Tasks.ListOpenAsync("finance-manager")).TaskId;
        await harness.AdvanceTimeAsync(TimeSpan.FromHours(48));
        Assert.Equal(0, await harness.AdvanceTimeAsync(TimeSpan.FromHours(23)));

        Assert.Equal(1, await harness.AdvanceTimeAsync(TimeSpan.FromHours(1)));

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Rejected);
        refund.WentThrough(RefundStatus.AwaitingApproval, RefundStatus.Rejected)
            .Transitioned(RefundStatus.AwaitingApproval, RefundStatus.Rejected, "Expired")
            .HasGapFreeHistory();
        Assert.Equal("not decided in time", refund.Data<RefundData>().Reason);
        Assert.Equal(HumanTaskStatus.Expired, (await harness.Tasks.GetAsync(taskId))!.Status);
        Assert.Empty(await harness.Tasks.ListOpenAsync());
        await Assert.ThrowsAsync<HumanTaskNotOpenException>(() => harness.Tasks.ApproveAsync(taskId, "alice"));

        var rejected = await harness.PublishedAsync<RefundRejected>(m => m.RefundId == refundId);
        Assert.Equal("not decided in time", rejected.Reason);
        await harness.ConsumedAsync<SendNotification>(m => m.ReferenceId == refundId && m.Recipient == DemoHarness.Customer);
        var toCustomer = Assert.Single(await harness.Services.GetRequiredService<NotificationLog>().ForAsync(refundId), n => n.Recipient == DemoHarness.Customer);
        Assert.Equal(("Your refund was declined", "not decided in time"), (toCustomer.Subject, toCustomer.Text));
        Assert.Equal(0, harness.SentCount<IssueRefund>(m => m.RefundId == refundId));
    }

    private static async Task<Guid> AwaitingApprovalAsync(SagaTestHarness harness)
    {
        var refundId = Guid.NewGuid();
        await harness.PublishAsync(DemoHarness.Refund(refundId, Guid.NewGuid(), 250.00m));
        await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.AwaitingApproval);
        return refundId;
    }
}
