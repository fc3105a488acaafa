using MassTransit.Testing;
using SagaHub.Benchmarks.Peers;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Shipping;

namespace SagaHub.Benchmarks.Tests.Peers;

public sealed class When_the_state_machine_gets_a_declined_payment
{
    [Fact]
    public async Task Should_release_the_stock_and_end_Cancelled()
    {
        await using var harness = await PeerHarness.StartAsync(x => x.AddMassTransitOrderStateMachine());
        var orderId = Guid.NewGuid();

        await harness.Bus.Bus.Publish(FakeServices.Order(orderId, FakeServices.DeclinedCustomer));

        var saga = harness.Bus.GetSagaStateMachineHarness<MassTransitOrderStateMachine, MassTransitOrderState>();
        Assert.Equal(orderId, await saga.Exists(orderId, m => m.Cancelled));
        Assert.True(await harness.Bus.Sent.Any<ReleaseStock>(m => m.Context.Message.OrderId == orderId));
        Assert.True(await harness.Bus.Published.Any<OrderCancelled>(m => m.Context.Message.OrderId == orderId && m.Context.Message.Reason == "card declined"));
        Assert.False(await harness.Bus.Sent.Any<ShipOrder>(m => m.Context.Message.OrderId == orderId));
    }
}
