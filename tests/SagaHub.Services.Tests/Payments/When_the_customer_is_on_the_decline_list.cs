using SagaHub.Contracts.Payments;

namespace SagaHub.Services.Tests.Payments;

public sealed class When_the_customer_is_on_the_decline_list : PaymentsSpec
{
    private PaymentDeclined _declined = null!;

    protected override async Task When()
    {
        await Charge("mallory", 1m, "charge-mallory");
        _declined = await Service.Published<PaymentDeclined>(m => m.OrderId == OrderId);
    }

    [Fact]
    public void Should_decline_naming_the_rule_and_customer()
    {
        Assert.Contains("Payments:DeclineCustomers", _declined.Reason, StringComparison.Ordinal);
        Assert.Contains("mallory", _declined.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_record_nothing() => Assert.Equal(0, await Ledger.CountForAsync("charge-mallory"));
}
