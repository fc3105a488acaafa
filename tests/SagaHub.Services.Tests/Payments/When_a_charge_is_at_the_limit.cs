namespace SagaHub.Services.Tests.Payments;

public sealed class When_a_charge_is_at_the_limit : PaymentsSpec
{
    protected override Task When() => ChargeAndCapture(500m, "charge-at-limit");

    [Fact]
    public async Task Should_capture_it() => Assert.Equal(500m, await Ledger.NetForAsync(OrderId));
}
