using SagaHub.Contracts.Payments;

namespace SagaHub.Services.Tests.Payments;

public sealed class When_the_same_key_is_charged_twice : PaymentsSpec
{
    private IReadOnlyList<PaymentCaptured> _captured = [];

    protected override async Task When()
    {
        await ChargeAndCapture(80m, "charge-twice");
        await Charge("alice", 80m, "charge-twice");
        _captured = await Service.Published<PaymentCaptured>(m => m.IdempotencyKey == "charge-twice", count: 2);
    }

    [Fact]
    public async Task Should_record_one_entry()
    {
        Assert.Equal(1, await Ledger.CountForAsync("charge-twice"));
        Assert.Equal(80m, await Ledger.NetForAsync(OrderId));
    }

    [Fact]
    public void Should_republish_the_same_result() => Assert.Equal(_captured[0], _captured[1]);
}
