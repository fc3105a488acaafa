using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Notifications;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Refunds;
using SagaHub.Notifications;
using SagaHub.Orders;

namespace SagaHub.Orders.Tests;

public sealed class When_a_refund_is_rejected
{
    [Fact]
    public async Task Should_reject_it_notify_the_customer_and_pay_nothing()
    {
        await using var harness = await DemoHarness.StartAsync();
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.PublishAsync(DemoHarness.Refund(refundId, orderId, 300.00m));
        await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.AwaitingApproval);
        var task = Assert.Single(await harness.Tasks.ListOpenAsync("finance-manager"));

        await harness.Tasks.RejectAsync(task.TaskId, "bob", "not eligible");

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Rejected);
        refund.WentThrough(RefundStatus.AwaitingApproval, RefundStatus.Rejected)
            .Transitioned(RefundStatus.AwaitingApproval, RefundStatus.Rejected, "Rejected")
            .HasGapFreeHistory();
        Assert.Equal("rejected by bob", refund.Data<RefundData>().Reason);
        var closed = await harness.Tasks.GetAsync(task.TaskId);
        Assert.Equal((HumanTaskStatus.Rejected, "bob"), (closed!.Status, closed.DecidedBy));

        var rejected = await harness.PublishedAsync<RefundRejected>(m => m.RefundId == refundId);
        Assert.Equal((orderId, "rejected by bob"), (rejected.OrderId, rejected.Reason));

        await harness.ConsumedAsync<SendNotification>(m => m.ReferenceId == refundId);
        var note = Assert.Single(await harness.Services.GetRequiredService<NotificationLog>().ForAsync(refundId));
        Assert.Equal((DemoHarness.Customer, "Your refund was declined", "rejected by bob"), (note.Recipient, note.Subject, note.Text));

        Assert.Equal(0, harness.SentCount<IssueRefund>(m => m.RefundId == refundId));
    }
}
