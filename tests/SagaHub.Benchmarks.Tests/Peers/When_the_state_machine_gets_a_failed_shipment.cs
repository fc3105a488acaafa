using MassTransit.Testing;
using SagaHub.Benchmarks.Peers;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Orders;

namespace SagaHub.Benchmarks.Tests.Peers;

public sealed class When_the_state_machine_gets_a_failed_shipment
{
    [Fact]
    public async Task Should_refund_release_and_end_Cancelled()
    {
        await using var harness = await PeerHarness.StartAsync(x => x.AddMassTransitOrderStateMachine());
        var orderId = Guid.NewGuid();

        await harness.Bus.Bus.Publish(FakeServices.Order(orderId, FakeServices.UnshippableCustomer));

        var saga = harness.Bus.GetSagaStateMachineHarness<MassTransitOrderStateMachine, MassTransitOrderState>();
        Assert.Equal(orderId, await saga.Exists(orderId, m => m.Cancelled));
        Assert.True(await harness.Bus.Sent.Any<RefundPayment>(m => m.Context.Message.OrderId == orderId && m.Context.Message.Amount == 25.50m && m.Context.Message.IdempotencyKey == OrderData.RefundKey(orderId)));
        Assert.True(await harness.Bus.Sent.Any<ReleaseStock>(m => m.Context.Message.OrderId == orderId));
        Assert.True(await harness.Bus.Published.Any<OrderCancelled>(m => m.Context.Message.OrderId == orderId));
    }
}
