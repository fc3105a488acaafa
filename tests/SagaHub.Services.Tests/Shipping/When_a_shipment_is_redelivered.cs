using SagaHub.Contracts;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Shipping;

namespace SagaHub.Services.Tests.Shipping;

public sealed class When_a_shipment_is_redelivered : ShippingSpec
{
    private readonly Guid _messageId = MassTransit.NewId.NextGuid();

    protected override async Task When()
    {
        var command = new ShipOrder(OrderId, "alice", [new OrderLine("SKU-RED", 1, 1m)]);
        await Service.Send(Queues.Shipping, command, context => context.MessageId = _messageId);
        await Service.Published<OrderShipped>(m => m.OrderId == OrderId);
        await Service.Send(Queues.Shipping, command, context => context.MessageId = _messageId);
        await Service.Logs.WaitFor(eventId: 3200, count: 1);
    }

    [Fact]
    public async Task Should_ship_once_and_publish_once()
    {
        Assert.Single(await Log.ShipmentsAsync());
        Assert.Equal(1, Service.PublishCount<OrderShipped>(m => m.OrderId == OrderId));
    }
}
