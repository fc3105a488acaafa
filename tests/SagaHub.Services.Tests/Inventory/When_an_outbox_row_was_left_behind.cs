using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Contracts.Inventory;
using SagaHub.EntityFrameworkCore;
using SagaHub.Inventory;

namespace SagaHub.Services.Tests.Inventory;

/// <summary>A crash between a consumer's commit and its dispatch leaves the event in the outbox; the sweep delivers it.</summary>
public sealed class When_an_outbox_row_was_left_behind : InventorySpec
{
    private readonly Guid _messageId = NewId.NextGuid();
    private int _swept;

    protected override async Task When()
    {
        await using (var scope = Service.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<InventoryDbContext>();
            db.Add(new OutboxMessage
            {
                MessageId = _messageId,
                Source = ReserveStockConsumer.InboxName,
                CorrelationId = OrderId,
                MessageType = $"{typeof(StockReserved).FullName}, {typeof(StockReserved).Assembly.GetName().Name}",
                Body = JsonSerializer.Serialize(new StockReserved(OrderId), JsonSerializerOptions.Web),
                CreatedAt = Service.Time.GetUtcNow(),
            });
            await db.SaveChangesAsync();
        }

        _swept = await Service.Get<IServiceOutboxSweeper<InventoryDbContext>>().SweepAsync(TimeSpan.Zero);
    }

    [Fact]
    public async Task Should_deliver_it_with_its_message_id()
    {
        Assert.Equal(1, _swept);
        var published = await Service.PublishedContext<StockReserved>(m => m.OrderId == OrderId);
        Assert.Equal(_messageId, published.MessageId);
        Assert.Equal(OrderId, published.CorrelationId);
    }

    [Fact]
    public async Task Should_leave_the_outbox_empty()
    {
        await using var scope = Service.CreateScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<InventoryDbContext>().Set<OutboxMessage>().AnyAsync());
        Assert.Equal(0, await Service.Get<IServiceOutboxSweeper<InventoryDbContext>>().SweepAsync(TimeSpan.Zero));
    }
}
