using SagaHub.Contracts;
using SagaHub.Contracts.Payments;
using SagaHub.Payments;

namespace SagaHub.Services.Tests.Payments;

public sealed class When_a_payment_is_refunded_twice : PaymentsSpec
{
    private IReadOnlyList<PaymentRefunded> _refunded = [];

    protected override async Task When()
    {
        await ChargeAndCapture(70m, "charge-7");
        await Service.Send(Queues.Payments, new RefundPayment(OrderId, 70m, "refund-7"));
        await Service.Send(Queues.Payments, new RefundPayment(OrderId, 70m, "refund-7"));
        _refunded = await Service.Published<PaymentRefunded>(m => m.OrderId == OrderId, count: 2);
    }

    [Fact]
    public void Should_publish_PaymentRefunded() => Assert.All(_refunded, m => Assert.Equal(new PaymentRefunded(OrderId, 70m, "refund-7"), m));

    [Fact]
    public async Task Should_give_the_money_back_once()
    {
        Assert.Equal(0m, await Ledger.NetForAsync(OrderId));
        Assert.Equal(1, await Ledger.CountForAsync("refund-7"));
        Assert.Equal([LedgerEntryKind.Charge, LedgerEntryKind.Refund], (await Ledger.EntriesAsync()).Select(e => e.Kind));
    }
}
