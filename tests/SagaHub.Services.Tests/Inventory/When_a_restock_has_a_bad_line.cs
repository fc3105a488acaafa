using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.EntityFrameworkCore;
using SagaHub.Inventory;

namespace SagaHub.Services.Tests.Inventory;

public sealed class When_a_restock_has_a_bad_line : InventorySpec
{
    private readonly Guid _refundId = Guid.NewGuid();

    protected override async Task When()
    {
        await Service.Send(Queues.Inventory, new RestockItems(_refundId, OrderId, [new OrderLine("SKU-RED", 2, 1m), new OrderLine("SKU-BLUE", -1, 1m)]));
        await Service.Published<MassTransit.Fault<RestockItems>>(m => m.Message.RefundId == _refundId);
    }

    [Fact]
    public async Task Should_roll_back_everything_it_did()
    {
        Assert.Equal(10, await Store.OnHandAsync("SKU-RED"));
        await using var scope = Service.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
        Assert.False(await db.Set<InboxMessage>().AnyAsync());
        Assert.False(await db.Restocks.AnyAsync());
        Assert.False(await db.Set<OutboxMessage>().AnyAsync());
    }
}
