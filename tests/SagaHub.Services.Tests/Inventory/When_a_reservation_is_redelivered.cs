using MassTransit;
using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;

namespace SagaHub.Services.Tests.Inventory;

public sealed class When_a_reservation_is_redelivered : InventorySpec
{
    private readonly Guid _messageId = NewId.NextGuid();

    protected override async Task When()
    {
        var command = new ReserveStock(OrderId, [new OrderLine("SKU-RED", 4, 1m)]);
        await Service.Send(Queues.Inventory, command, context => context.MessageId = _messageId);
        await Service.Published<StockReserved>(m => m.OrderId == OrderId);
        await Service.Send(Queues.Inventory, command, context => context.MessageId = _messageId);
        await Service.Logs.WaitFor(eventId: 3200, count: 1); // the inbox skipped the second delivery
    }

    [Fact]
    public async Task Should_take_the_units_once()
    {
        Assert.Equal(6, await Store.OnHandAsync("SKU-RED"));
        Assert.Equal(4, (await Store.ReservedForAsync(OrderId))["SKU-RED"]);
    }

    [Fact]
    public void Should_publish_StockReserved_once() =>
        Assert.Equal(1, Service.PublishCount<StockReserved>(m => m.OrderId == OrderId));

    [Fact]
    public void Should_log_the_skipped_duplicate() =>
        Assert.Equal(_messageId, Assert.Single(Service.Logs.WithEventId(3200)).Values["MessageId"]);
}
