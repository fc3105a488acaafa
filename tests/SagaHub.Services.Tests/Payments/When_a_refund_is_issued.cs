using SagaHub.Contracts;
using SagaHub.Contracts.Payments;
using SagaHub.Payments;

namespace SagaHub.Services.Tests.Payments;

public sealed class When_a_refund_is_issued : PaymentsSpec
{
    private readonly Guid _refundId = Guid.NewGuid();
    private RefundIssued _issued = null!;

    protected override async Task When()
    {
        await ChargeAndCapture(100m, "charge-100");
        await Service.Send(Queues.Payments, new IssueRefund(_refundId, OrderId, 30m, "issue-30"));
        _issued = await Service.Published<RefundIssued>(m => m.RefundId == _refundId);
        await Service.Send(Queues.Payments, new IssueRefund(_refundId, OrderId, 30m, "issue-30"));
        await Service.Published<RefundIssued>(m => m.RefundId == _refundId, count: 2);
    }

    [Fact]
    public void Should_publish_RefundIssued() => Assert.Equal(new RefundIssued(_refundId, OrderId, 30m, "issue-30"), _issued);

    [Fact]
    public async Task Should_pay_back_once_leaving_the_rest_charged()
    {
        Assert.Equal(70m, await Ledger.NetForAsync(OrderId));
        var refund = Assert.Single(await Ledger.EntriesAsync(), e => e.Kind == LedgerEntryKind.Refund);
        Assert.Equal(_refundId, refund.RefundId);
    }
}
