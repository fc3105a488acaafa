using SagaHub.Contracts;
using SagaHub.Contracts.Payments;

namespace SagaHub.Services.Tests.Payments;

/// <summary>An order saga timed out while charging: it compensates a charge that may or may not have happened.</summary>
public sealed class When_a_charge_is_compensated_before_it_arrives : PaymentsSpec
{
    private PaymentRefunded _refunded = null!;
    private PaymentDeclined _lateCharge = null!;

    protected override async Task When()
    {
        await Service.Send(Queues.Payments, new RefundPayment(OrderId, 80m, "refund-in-doubt"));
        _refunded = await Service.Published<PaymentRefunded>(m => m.OrderId == OrderId);
        await Charge("alice", 80m, "charge-late");
        _lateCharge = await Service.Published<PaymentDeclined>(m => m.OrderId == OrderId);
    }

    [Fact]
    public void Should_confirm_the_compensation_with_nothing_given_back() => Assert.Equal(0m, _refunded.Amount);

    [Fact]
    public async Task Should_decline_the_late_charge()
    {
        Assert.Contains("cancelled", _lateCharge.Reason, StringComparison.Ordinal);
        Assert.Empty(await Ledger.EntriesAsync());
        Assert.True(await Ledger.IsVoidedAsync(OrderId));
    }
}
