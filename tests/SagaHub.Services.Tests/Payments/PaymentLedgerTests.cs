using SagaHub.Payments;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Payments;

public sealed class PaymentLedgerTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly Guid _orderId = Guid.NewGuid();

    [Fact]
    public void Charge_SameKeyTwice_AddsOneEntryAndReturnsTheFirst()
    {
        var ledger = new PaymentLedger(_time);

        var first = ledger.Charge(_orderId, 10m, "k1");
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = ledger.Charge(_orderId, 10m, "k1");

        Assert.True(first.Added);
        Assert.False(second.Added);
        Assert.Same(first.Entry, second.Entry);
        Assert.Equal(1, ledger.CountFor("k1"));
    }

    [Fact]
    public void Charge_SameKeyOtherAmount_ThrowsLedgerConflict()
    {
        var ledger = new PaymentLedger(_time);
        ledger.Charge(_orderId, 10m, "k1");

        var error = Assert.Throws<LedgerConflictException>(() => ledger.Charge(_orderId, 11m, "k1"));

        Assert.Contains("'k1'", error.Message, StringComparison.Ordinal);
        Assert.Single(ledger.Entries);
    }

    [Fact]
    public void Refund_KeyOfACharge_ThrowsLedgerConflict()
    {
        var ledger = new PaymentLedger(_time);
        ledger.Charge(_orderId, 10m, "k1");

        Assert.Throws<LedgerConflictException>(() => ledger.Refund(_orderId, null, 10m, "k1"));
    }

    [Fact]
    public void Refund_OrderNeverCharged_ThrowsLedgerConflict()
    {
        var ledger = new PaymentLedger(_time);

        Assert.Throws<LedgerConflictException>(() => ledger.Refund(_orderId, null, 1m, "r1"));
        Assert.Empty(ledger.Entries);
    }

    [Fact]
    public void Refund_PartsUpToTheCharge_NetReachesZero()
    {
        var ledger = new PaymentLedger(_time);
        ledger.Charge(_orderId, 10m, "k1");

        ledger.Refund(_orderId, Guid.NewGuid(), 4m, "r1");
        ledger.Refund(_orderId, Guid.NewGuid(), 6m, "r2");

        Assert.Equal(0m, ledger.NetFor(_orderId));
        Assert.Throws<LedgerConflictException>(() => ledger.Refund(_orderId, null, 0.01m, "r3"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void Charge_NonPositiveAmount_Throws(int amount) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PaymentLedger(_time).Charge(_orderId, amount, "k1"));

    [Fact]
    public void NetFor_OtherOrders_AreNotCounted()
    {
        var ledger = new PaymentLedger(_time);
        ledger.Charge(_orderId, 10m, "k1");
        ledger.Charge(Guid.NewGuid(), 99m, "k2");

        Assert.Equal(10m, ledger.NetFor(_orderId));
    }
}
