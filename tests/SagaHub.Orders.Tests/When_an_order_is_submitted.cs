using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Orders;
using SagaHub.Inventory;
using SagaHub.Orders;
using SagaHub.Payments;
using SagaHub.Shipping;

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

    [Fact]
    public async Task Should_publish_OrderCompleted_with_the_total_and_charge_it_once()
    {
        await using var harness = await DemoHarness.StartAsync();
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(DemoHarness.Order(orderId, quantity: 3, unitPrice: 12.50m));

        var order = await harness.WaitForStateAsync<OrderSaga>(orderId, OrderStatus.Completed);
        var completed = await harness.PublishedAsync<OrderCompleted>(m => m.OrderId == orderId);
        Assert.Equal(37.50m, completed.Total);
        Assert.Equal(DemoHarness.Customer, completed.CustomerId);

        var ledger = harness.Services.GetRequiredService<PaymentLedger>();
        Assert.Equal(37.50m, await ledger.NetForAsync(orderId));
        Assert.Equal(1, await ledger.CountForAsync(OrderData.ChargeKey(orderId)));
        Assert.Equal(0, await ledger.CountForAsync(OrderData.RefundKey(orderId)));

        var shipment = await harness.Services.GetRequiredService<ShipmentLog>().FindAsync(orderId);
        Assert.NotNull(shipment);
        Assert.Equal(shipment.TrackingNumber, order.Data<OrderData>().TrackingNumber);

        var inventory = harness.Services.GetRequiredService<InventoryStore>();
        Assert.Equal(3, (await inventory.ReservedForAsync(orderId))["SKU-RED"]);
        Assert.Equal(997, await inventory.OnHandAsync("SKU-RED"));
    }
}
