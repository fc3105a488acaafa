using SagaHub.Contracts.Payments;

namespace SagaHub.Services.Tests.Payments;

public sealed class When_a_charge_has_more_than_two_decimals : PaymentsSpec
{
    private PaymentDeclined _declined = null!;

    protected override async Task When()
    {
        await Charge("alice", 10.005m, "charge-fraction");
        _declined = await Service.Published<PaymentDeclined>(m => m.OrderId == OrderId);
    }

    [Fact]
    public async Task Should_decline_it_and_record_nothing()
    {
        Assert.Contains("at most 2 decimals", _declined.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await Ledger.CountForAsync("charge-fraction"));
    }
}
