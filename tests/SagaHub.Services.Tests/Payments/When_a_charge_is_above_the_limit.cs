using SagaHub.Contracts.Payments;

namespace SagaHub.Services.Tests.Payments;

public sealed class When_a_charge_is_above_the_limit : PaymentsSpec
{
    private PaymentDeclined _declined = null!;

    protected override async Task When()
    {
        await Charge("alice", 500.01m, "charge-big");
        _declined = await Service.Published<PaymentDeclined>(m => m.OrderId == OrderId);
    }

    [Fact]
    public void Should_decline_naming_the_rule() => Assert.Contains("Payments:DeclineAbove", _declined.Reason, StringComparison.Ordinal);

    [Fact]
    public async Task Should_record_nothing() => Assert.Empty(await Ledger.EntriesAsync());
}
