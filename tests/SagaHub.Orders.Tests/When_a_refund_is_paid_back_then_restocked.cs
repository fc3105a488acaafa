using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Refunds;
using SagaHub.Orders;
using SagaHub.Payments;

namespace SagaHub.Orders.Tests;

/// <summary>The Refunding state joins RefundIssued and ItemsRestocked; either may come first.</summary>
public sealed class When_a_refund_is_paid_back_and_restocked
{
    [Fact]
    public async Task Should_complete_when_the_payback_arrives_first()
    {
        // Without inventory only the payback answers; the test then plays the restock.
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Inventory);
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 50.00m);
        await harness.PublishAsync(DemoHarness.Refund(refundId, orderId, 30.00m));

        await harness.ConsumedAsync<RefundIssued>(m => m.RefundId == refundId);
        var waiting = await harness.SagaAsync<RefundSaga>(refundId);
        waiting.IsIn(RefundStatus.Refunding).HasHistory(SagaHistoryKind.JoinArrival, 1);
        Assert.Equal(["RefundIssued"], waiting.Snapshot.JoinArrivals);

        await harness.PublishAsync(new ItemsRestocked(refundId, orderId));

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Refunded);
        refund.Transitioned(RefundStatus.Refunding, RefundStatus.Refunded, "all arrived").HasGapFreeHistory();

        // Ordering: the arrival rows are in the order the messages came.
        Assert.Equal(["RefundIssued", "ItemsRestocked"], refund.History.Where(h => h.Kind == SagaHistoryKind.JoinArrival).Select(h => h.Trigger));
        await harness.PublishedAsync<RefundCompleted>(m => m.RefundId == refundId);
    }

    [Fact]
    public async Task Should_complete_when_the_restock_arrives_first()
    {
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Payments);
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.PublishAsync(DemoHarness.Refund(refundId, orderId, 30.00m));

        await harness.ConsumedAsync<ItemsRestocked>(m => m.RefundId == refundId);
        (await harness.SagaAsync<RefundSaga>(refundId)).IsIn(RefundStatus.Refunding).HasHistory(SagaHistoryKind.JoinArrival, 1);

        await harness.PublishAsync(new RefundIssued(refundId, orderId, 30.00m, RefundState.PaybackKey(refundId)));

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Refunded);
        Assert.Equal(["ItemsRestocked", "RefundIssued"], refund.History.Where(h => h.Kind == SagaHistoryKind.JoinArrival).Select(h => h.Trigger));
        await harness.PublishedAsync<RefundCompleted>(m => m.RefundId == refundId);
    }

    [Fact]
    public async Task Should_ignore_a_second_payback_before_the_restock()
    {
        await using var harness = await DemoHarness.StartWithoutAsync(DemoServices.Inventory);
        var (orderId, refundId) = (Guid.NewGuid(), Guid.NewGuid());
        await harness.ChargedAsync(orderId, 50.00m);
        await harness.PublishAsync(DemoHarness.Refund(refundId, orderId, 30.00m));
        await harness.ConsumedAsync<RefundIssued>(m => m.RefundId == refundId);

        var again = await harness.PublishAsync(new RefundIssued(refundId, orderId, 30.00m, RefundState.PaybackKey(refundId)));

        var refund = await harness.WaitForMessageAsync<RefundSaga>(refundId, again);
        refund.IsIn(RefundStatus.Refunding).HasHistory(SagaHistoryKind.JoinArrival, 1).HasHistory(SagaHistoryKind.Ignored, 1);
        Assert.Equal(20.00m, await harness.Services.GetRequiredService<PaymentLedger>().NetForAsync(orderId));
        Assert.Equal(1, harness.SentCount<RestockItems>(m => m.RefundId == refundId)); // not sent again
    }
}
