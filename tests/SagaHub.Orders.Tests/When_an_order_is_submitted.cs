using SagaHub.Orders;

namespace SagaHub.Orders.Tests;

public sealed class When_an_order_is_submitted
{
    [Fact]
    public async Task Should_reserve_charge_ship_and_complete()
    {
        await using var harness = await DemoHarness.StartAsync();
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(DemoHarness.Order(orderId));

        var order = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Completed);
        order.WentThrough(OrderStatus.Reserving, OrderStatus.Charging, OrderStatus.Shipping, OrderStatus.Completed)
            .Transitioned("Initial", OrderStatus.Reserving, "OrderSubmitted")
            .Transitioned(OrderStatus.Shipping, OrderStatus.Completed, "OrderShipped")
            .Compensated()
            .HasGapFreeHistory();
    }
}
