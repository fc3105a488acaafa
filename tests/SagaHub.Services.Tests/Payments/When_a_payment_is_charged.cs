using SagaHub.Contracts.Payments;
using SagaHub.Payments;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Payments;

public sealed class When_a_payment_is_charged : PaymentsSpec
{
    private PaymentCaptured _captured = null!;

    protected override async Task When()
    {
        await Charge("alice", 120.50m, "charge-1");
        _captured = await Service.Published<PaymentCaptured>(m => m.OrderId == OrderId);
    }

    [Fact]
    public void Should_publish_PaymentCaptured() => Assert.Equal(new PaymentCaptured(OrderId, 120.50m, "charge-1"), _captured);

    [Fact]
    public async Task Should_record_one_charge_stamped_by_the_clock()
    {
        var entry = Assert.Single(await Ledger.EntriesAsync());
        Assert.Equal(new LedgerEntry(LedgerEntryKind.Charge, OrderId, null, 120.50m, "charge-1", FakeTimeProvider.Start), entry);
        Assert.Equal(120.50m, await Ledger.NetForAsync(OrderId));
    }
}
