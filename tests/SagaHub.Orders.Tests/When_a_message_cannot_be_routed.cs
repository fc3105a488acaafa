using MassTransit;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Orders;

namespace SagaHub.Orders.Tests;

public sealed class When_a_message_cannot_be_routed
{
    [Fact]
    public async Task Should_fault_a_StockReserved_for_an_unknown_order()
    {
        await using var harness = await DemoHarness.StartAsync();
        var orderId = Guid.NewGuid();

        await harness.PublishAsync(new StockReserved(orderId));

        Assert.True(await harness.Bus.Published.Any<Fault<StockReserved>>(m => m.Context.Message.Message.OrderId == orderId));
        var fault = await harness.PublishedAsync<Fault<StockReserved>>(m => m.Message.OrderId == orderId);
        Assert.Equal(typeof(SagaNotFoundException).FullName, fault.Exceptions[0].ExceptionType);
        Assert.Empty(await harness.Store.QueryAsync(new SagaQuery { SagaType = nameof(OrderSaga) }));
        Assert.Empty(await harness.Store.GetHistoryAsync(nameof(OrderSaga), orderId));
    }

    [Fact]
    public async Task Should_fault_an_OrderSubmitted_without_an_order_id()
    {
        await using var harness = await DemoHarness.StartAsync();

        await harness.PublishAsync(DemoHarness.Order(Guid.Empty));

        Assert.True(await harness.Bus.Published.Any<Fault<OrderSubmitted>>(m => m.Context.Message.Message.OrderId == Guid.Empty));
        var fault = await harness.PublishedAsync<Fault<OrderSubmitted>>(m => m.Message.OrderId == Guid.Empty);
        Assert.Equal(typeof(SagaCorrelationException).FullName, fault.Exceptions[0].ExceptionType);
        Assert.Empty(await harness.Store.QueryAsync(new SagaQuery { SagaType = nameof(OrderSaga) }));
        Assert.False(harness.Bus.Sent.Select<ReserveStock>().Any());
    }
}
