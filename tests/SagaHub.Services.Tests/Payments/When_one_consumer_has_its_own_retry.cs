using MassTransit;
using SagaHub.Contracts;
using SagaHub.Contracts.Payments;
using SagaHub.Payments;
using SagaHub.Services.Tests.Infrastructure;

namespace SagaHub.Services.Tests.Payments;

public sealed class When_one_consumer_has_its_own_retry : IAsyncLifetime
{
    private readonly Guid _orderId = Guid.NewGuid();
    private ServiceHarness _service = null!;

    public async Task InitializeAsync()
    {
        _service = await ServiceHarness.Start(bus => bus.AddPaymentsService(options =>
        {
            options.FailCustomers.Add("offline");
            options.Retry.RetryLimit = 3;
            options.Retry.MinInterval = TimeSpan.Zero;
            options.Retry.IntervalDelta = TimeSpan.FromMilliseconds(1);
            options.Retry.MaxInterval = TimeSpan.FromMilliseconds(5);
            options.ConsumerRetry[nameof(ChargePaymentConsumer)] = new RetryOptions { RetryLimit = 0 };
        }));
        await _service.Send(Queues.Payments, new ChargePayment(_orderId, "offline", 10m, "charge-own-retry"));
        await _service.Published<Fault<ChargePayment>>(m => m.Message.OrderId == _orderId);
    }

    public async Task DisposeAsync() => await _service.DisposeAsync();

    [Fact]
    public void Should_try_the_charge_once_only()
    {
        var attempts = _service.Logs.WithEventId(1202).Count(r => Equals(r.Values["OrderId"], _orderId));
        Assert.Equal(1, attempts);
    }
}
