using SagaHub.Contracts;
using SagaHub.Contracts.Payments;

namespace SagaHub.Services.Tests.Payments;

public sealed class When_a_compensation_asks_more_than_was_charged : PaymentsSpec
{
    private PaymentRefunded _refunded = null!;

    protected override async Task When()
    {
        await ChargeAndCapture(30m, "charge-30");
        await Service.Send(Queues.Payments, new RefundPayment(OrderId, 45m, "refund-45"));
        _refunded = await Service.Published<PaymentRefunded>(m => m.OrderId == OrderId);
    }

    [Fact]
    public async Task Should_give_back_only_what_was_charged()
    {
        Assert.Equal(30m, _refunded.Amount);
        Assert.Equal(0m, await Ledger.NetForAsync(OrderId));
    }
}
