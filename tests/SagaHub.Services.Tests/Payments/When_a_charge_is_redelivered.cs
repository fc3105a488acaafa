using MassTransit;
using SagaHub.Contracts;
using SagaHub.Contracts.Payments;

namespace SagaHub.Services.Tests.Payments;

public sealed class When_a_charge_is_redelivered : PaymentsSpec
{
    private readonly Guid _messageId = NewId.NextGuid();

    protected override async Task When()
    {
        // Both deliveries at once: one commits, the other finds the inbox row (or runs into its key).
        var command = new ChargePayment(OrderId, "alice", 42m, "charge-redelivered");
        await Task.WhenAll(
            Service.Send(Queues.Payments, command, context => context.MessageId = _messageId),
            Service.Send(Queues.Payments, command, context => context.MessageId = _messageId));
        await Service.Published<PaymentCaptured>(m => m.OrderId == OrderId);
        await Service.Logs.WaitFor(eventId: 3200, count: 1); // the inbox skipped the other delivery
    }

    [Fact]
    public async Task Should_charge_once()
    {
        Assert.Equal(1, await Ledger.CountForAsync("charge-redelivered"));
        Assert.Equal(42m, await Ledger.NetForAsync(OrderId));
    }

    [Fact]
    public void Should_publish_PaymentCaptured_once() =>
        Assert.Equal(1, Service.PublishCount<PaymentCaptured>(m => m.OrderId == OrderId));
}
