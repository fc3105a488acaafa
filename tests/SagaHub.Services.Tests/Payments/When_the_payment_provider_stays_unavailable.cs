using MassTransit;
using SagaHub.Contracts.Payments;
using SagaHub.Payments;

namespace SagaHub.Services.Tests.Payments;

public sealed class When_the_payment_provider_stays_unavailable : PaymentsSpec
{
    private Fault<ChargePayment> _fault = null!;

    protected override async Task When()
    {
        await Charge("offline", 10m, "charge-offline");
        _fault = await Service.Published<Fault<ChargePayment>>(m => m.Message.OrderId == OrderId);
    }

    [Fact]
    public void Should_publish_a_fault_of_ChargePayment_for_the_saga() =>
        Assert.Equal(typeof(PaymentProviderUnavailableException).FullName, Assert.Single(_fault.Exceptions).ExceptionType);

    [Fact]
    public void Should_try_once_plus_the_retry_limit()
    {
        // Three consumers share the payments queue and each adds the retry; the attempts must not multiply.
        var attempts = Service.Logs.WithEventId(1202).Count(r => Equals(r.Values["OrderId"], OrderId));
        Assert.Equal(1 + RetryLimit, attempts);
    }

    [Fact]
    public async Task Should_record_nothing() => Assert.Empty(await Ledger.EntriesAsync());
}
