using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;

namespace SagaHub.Services.Tests.Inventory;

public sealed class When_a_refund_is_restocked_twice : InventorySpec
{
    private readonly Guid _refundId = Guid.NewGuid();
    private readonly Guid _otherRefundId = Guid.NewGuid();

    protected override async Task When()
    {
        OrderLine[] lines = [new OrderLine("SKU-RED", 2, 1m), new OrderLine("SKU-NEW", 3, 1m)];
        await Service.Send(Queues.Inventory, new RestockItems(_refundId, OrderId, lines));
        await Service.Published<ItemsRestocked>(m => m.RefundId == _refundId);
        await Service.Send(Queues.Inventory, new RestockItems(_refundId, OrderId, lines));
        await Service.Send(Queues.Inventory, new RestockItems(_otherRefundId, OrderId, [new OrderLine("SKU-RED", 1, 1m)]));
        await Service.Published<ItemsRestocked>(m => m.RefundId == _refundId, count: 2);
        await Service.Published<ItemsRestocked>(m => m.RefundId == _otherRefundId);
    }

    [Fact]
    public async Task Should_add_the_units_once_per_refund()
    {
        Assert.Equal(10 + 2 + 1, await Store.OnHandAsync("SKU-RED"));
        Assert.Equal(3, await Store.OnHandAsync("SKU-NEW"));
    }
}
