using MassTransit.Testing;
using SagaHub.Benchmarks.Peers;
using SagaHub.Contracts.Orders;

namespace SagaHub.Benchmarks.Tests.Peers;

public sealed class When_the_state_machine_gets_an_order_out_of_stock
{
    [Fact]
    public async Task Should_publish_OrderRejected_and_end_Rejected()
    {
        await using var harness = await PeerHarness.StartAsync(x => x.AddMassTransitOrderStateMachine());
        var orderId = Guid.NewGuid();

        await harness.Bus.Bus.Publish(FakeServices.Order(orderId, sku: FakeServices.MissingSku));

        var saga = harness.Bus.GetSagaStateMachineHarness<MassTransitOrderStateMachine, MassTransitOrderState>();
        Assert.Equal(orderId, await saga.Exists(orderId, m => m.Rejected));
        Assert.True(await harness.Bus.Published.Any<OrderRejected>(m => m.Context.Message.OrderId == orderId));
    }
}
