using SagaHub.Contracts.Refunds;
using SagaHub.Orders;

namespace SagaHub.Orders.Tests;

public sealed class When_the_auto_approve_limit_is_raised
{
    [Fact]
    public async Task Should_approve_a_refund_under_the_new_limit_automatically()
    {
        await using var harness = await DemoHarness.StartAsync(new RefundSagaOptions { AutoApproveLimit = 500.00m });
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 300.00m);

        await harness.PublishAsync(DemoHarness.Refund(refundId, orderId, 300.00m));

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Refunded);
        refund.WentThrough(RefundStatus.Refunding, RefundStatus.Refunded).HasHistory(SagaHistoryKind.TaskCreated, 0);
        Assert.Equal("amount up to 500.00", refund.Transitions[0].Detail);
        Assert.Equal("auto", refund.Data<RefundData>().ApprovedBy);
        Assert.Empty(await harness.Tasks.ListOpenAsync());
        await harness.PublishedAsync<RefundCompleted>(m => m.RefundId == refundId);
    }

    [Fact]
    public async Task Should_still_ask_a_person_above_the_new_limit()
    {
        await using var harness = await DemoHarness.StartAsync(new RefundSagaOptions { AutoApproveLimit = 500.00m });
        var refundId = Guid.NewGuid();

        await harness.PublishAsync(DemoHarness.Refund(refundId, Guid.NewGuid(), 500.01m));

        await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.AwaitingApproval);
        Assert.Single(await harness.Tasks.ListOpenAsync("finance-manager"));
    }
}
