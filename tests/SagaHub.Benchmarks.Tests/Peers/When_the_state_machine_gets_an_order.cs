using MassTransit.Testing;
using SagaHub.Benchmarks.Peers;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Orders;

namespace SagaHub.Benchmarks.Tests.Peers;

public sealed class When_the_state_machine_gets_an_order
{
    [Fact]
    public async Task Should_publish_OrderCompleted()
    {
        await using var harness = await PeerHarness.StartAsync(x => x.AddMassTransitOrderStateMachine());
        var orderId = Guid.NewGuid();

        await harness.Bus.Bus.Publish(FakeServices.Order(orderId));

        Assert.True(await harness.Bus.Published.Any<OrderCompleted>(m => m.Context.Message.OrderId == orderId && m.Context.Message.Total == 25.50m));
        var saga = harness.Bus.GetSagaStateMachineHarness<MassTransitOrderStateMachine, MassTransitOrderState>();
        Assert.Equal(orderId, await saga.Exists(orderId, m => m.Completed));
        var state = saga.Sagas.Contains(orderId);
        Assert.Equal($"TRK-{orderId:N}", state.TrackingNumber);
        Assert.Equal(nameof(MassTransitOrderStateMachine.Completed), state.CurrentState);
    }

    [Fact]
    public async Task Should_charge_with_the_key_of_OrderSaga()
    {
        await using var harness = await PeerHarness.StartAsync(x => x.AddMassTransitOrderStateMachine());
        var orderId = Guid.NewGuid();

        await harness.Bus.Bus.Publish(FakeServices.Order(orderId));

        Assert.True(await harness.Bus.Consumed.Any<ChargePayment>(m => m.Context.Message.OrderId == orderId && m.Context.Message.IdempotencyKey == OrderData.ChargeKey(orderId)));
    }

    [Fact]
    public void Should_use_the_idempotency_keys_of_OrderState()
    {
        var orderId = Guid.NewGuid();

        Assert.Equal(OrderData.ChargeKey(orderId), PeerKeys.Charge(orderId));
        Assert.Equal(OrderData.RefundKey(orderId), PeerKeys.Refund(orderId));
    }
}
