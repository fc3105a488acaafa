using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Refunds;
using SagaHub.Orders;
using SagaHub.Payments;

namespace SagaHub.Orders.Tests;

public sealed class When_a_refund_is_approved
{
    [Fact]
    public async Task Should_pay_back_restock_complete_and_close_the_task()
    {
        await using var harness = await DemoHarness.StartAsync();
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 250.00m);
        await harness.PublishAsync(DemoHarness.RefundReturningOne(refundId, orderId, 200.00m));
        await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.AwaitingApproval);
        var task = Assert.Single(await harness.Tasks.ListOpenAsync("finance-manager"));

        await harness.Tasks.ApproveAsync(task.TaskId, "alice", "ok");

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Refunded);
        refund.WentThrough(RefundStatus.AwaitingApproval, RefundStatus.Refunding, RefundStatus.Restocking, RefundStatus.Refunded)
            .Transitioned(RefundStatus.AwaitingApproval, RefundStatus.Refunding, "Approved")
            .HasGapFreeHistory();
        Assert.Equal("alice", refund.Data<RefundData>().ApprovedBy);

        var closed = await harness.Tasks.GetAsync(task.TaskId);
        Assert.NotNull(closed);
        Assert.Equal((HumanTaskStatus.Approved, "alice"), (closed.Status, closed.DecidedBy));
        Assert.Equal(harness.Clock.GetUtcNow(), closed.ClosedAt);
        Assert.Empty(await harness.Tasks.ListOpenAsync());

        Assert.Equal(50.00m, await harness.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));
        var completed = await harness.PublishedAsync<RefundCompleted>(m => m.RefundId == refundId);
        Assert.Equal(200.00m, completed.Amount);
    }

    [Fact]
    public async Task Should_refuse_a_second_approval_of_the_closed_task()
    {
        await using var harness = await DemoHarness.StartAsync();
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 250.00m);
        await harness.PublishAsync(DemoHarness.Refund(refundId, orderId, 200.00m));
        await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.AwaitingApproval);
        var task = Assert.Single(await harness.Tasks.ListOpenAsync("finance-manager"));
        await harness.Tasks.ApproveAsync(task.TaskId, "alice");
        await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Refunded);

        var error = await Assert.ThrowsAsync<HumanTaskNotOpenException>(() => harness.Tasks.ApproveAsync(task.TaskId, "bob"));

        Assert.Equal((task.TaskId, HumanTaskStatus.Approved), (error.TaskId, error.Status));
        await Assert.ThrowsAsync<HumanTaskNotOpenException>(() => harness.Tasks.RejectAsync(task.TaskId, "bob"));
        Assert.Equal("alice", (await harness.Tasks.GetAsync(task.TaskId))!.DecidedBy);
    }

    [Fact]
    public async Task Should_apply_only_the_first_of_two_quick_decisions()
    {
        await using var harness = await DemoHarness.StartAsync();
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 250.00m);
        await harness.PublishAsync(DemoHarness.Refund(refundId, orderId, 200.00m));
        await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.AwaitingApproval);
        var task = Assert.Single(await harness.Tasks.ListOpenAsync("finance-manager"));

        // The first decision closes the task in the store as it queues its message, before the saga handles it:
        // the second call is refused at once, and only one decision ever reaches the saga.
        await harness.Tasks.ApproveAsync(task.TaskId, "alice");
        var second = await Assert.ThrowsAsync<HumanTaskNotOpenException>(() => harness.Tasks.ApproveAsync(task.TaskId, "bob"));
        Assert.Equal(HumanTaskStatus.Approved, second.Status);

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Refunded);
        Assert.DoesNotContain(refund.History, h => h.Trigger == nameof(SagaHub.HumanTaskCompleted));
        Assert.Single(refund.Transitions, t => t.Trigger == "Approved");
        Assert.Equal("alice", refund.Data<RefundData>().ApprovedBy);
        Assert.Equal(50.00m, await harness.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));
    }
}
