using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Refunds;
using SagaHub.Inventory;
using SagaHub.Orders;
using SagaHub.Payments;

namespace SagaHub.Orders.Tests;

public sealed class When_a_small_refund_is_requested
{
    [Theory]
    [InlineData(40.00)]
    [InlineData(100.00)] // the limit itself is still approved automatically
    public async Task Should_approve_it_automatically_pay_back_restock_and_complete(double amountValue)
    {
        var amount = (decimal)amountValue;
        await using var harness = await DemoHarness.StartAsync();
        var orderId = Guid.NewGuid();
        var refundId = Guid.NewGuid();
        await harness.ChargedAsync(orderId, 150.00m);

        await harness.PublishAsync(DemoHarness.RefundReturningOne(refundId, orderId, amount));

        var refund = await harness.WaitForStateAsync<RefundSaga>(refundId, RefundStatus.Refunded);
        refund.WentThrough(RefundStatus.Refunding, RefundStatus.Restocking, RefundStatus.Refunded)
            .HasHistory(SagaHistoryKind.TaskCreated, 0)
            .HasGapFreeHistory();
        Assert.Equal("amount up to 100.00", refund.Transitions[0].Detail);
        Assert.Equal("auto", refund.Data<RefundData>().ApprovedBy);
        Assert.Null(refund.Snapshot.Task);

        var completed = await harness.PublishedAsync<RefundCompleted>(m => m.RefundId == refundId);
        Assert.Equal((orderId, amount), (completed.OrderId, completed.Amount));

        var ledger = harness.Services.GetRequiredService<PaymentLedger>();
        var payback = await ledger.FindAsync(RefundData.PaybackKey(refundId));
        Assert.NotNull(payback);
        Assert.Equal((LedgerEntryKind.Refund, refundId, amount), (payback.Kind, payback.RefundId, payback.Amount));
        Assert.Equal(150.00m - amount, await ledger.NetForAsync(orderId));
        Assert.Equal(1001, await harness.Services.GetRequiredService<InventoryStore>().OnHandAsync("SKU-RED"));
        Assert.Equal(1, harness.SentCount<IssueRefund>(m => m.RefundId == refundId));
    }
}
