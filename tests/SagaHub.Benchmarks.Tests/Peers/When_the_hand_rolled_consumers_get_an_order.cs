using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Benchmarks.Peers;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Payments;
using SagaHub.Orders;

namespace SagaHub.Benchmarks.Tests.Peers;

[Trait("Category", "Integration")]
public sealed class When_the_hand_rolled_consumers_get_an_order(HandRolledSchemaFixture database) : IClassFixture<HandRolledSchemaFixture>
{
    [Fact]
    public async Task Should_publish_OrderCompleted_and_end_with_status_Completed()
    {
        await using var harness = await StartAsync();
        var orderId = Guid.NewGuid();

        await harness.Bus.Bus.Publish(FakeServices.Order(orderId));

        Assert.True(await harness.Bus.Published.Any<OrderCompleted>(m => m.Context.Message.OrderId == orderId && m.Context.Message.Total == 25.50m && m.Context.Message.CustomerId == "c-1"));
        Assert.True(await harness.Bus.Consumed.Any<ChargePayment>(m => m.Context.Message.OrderId == orderId && m.Context.Message.IdempotencyKey == OrderData.ChargeKey(orderId)));
        Assert.Equal(HandRolledStatus.Completed, await StatusAsync(harness, orderId));
    }

    [Fact]
    public async Task Should_release_the_stock_and_end_Cancelled_when_the_payment_is_declined()
    {
        await using var harness = await StartAsync();
        var orderId = Guid.NewGuid();

        await harness.Bus.Bus.Publish(FakeServices.Order(orderId, FakeServices.DeclinedCustomer));

        Assert.True(await harness.Bus.Published.Any<OrderCancelled>(m => m.Context.Message.OrderId == orderId));
        Assert.True(await harness.Bus.Sent.Any<ReleaseStock>(m => m.Context.Message.OrderId == orderId));
        Assert.Equal(HandRolledStatus.Cancelled, await StatusAsync(harness, orderId));
    }

    [Fact]
    public async Task Should_refund_release_and_end_Cancelled_when_shipping_fails()
    {
        await using var harness = await StartAsync();
        var orderId = Guid.NewGuid();

        await harness.Bus.Bus.Publish(FakeServices.Order(orderId, FakeServices.UnshippableCustomer));

        Assert.True(await harness.Bus.Published.Any<OrderCancelled>(m => m.Context.Message.OrderId == orderId));
        Assert.True(await harness.Bus.Sent.Any<RefundPayment>(m => m.Context.Message.OrderId == orderId && m.Context.Message.Amount == 25.50m && m.Context.Message.IdempotencyKey == OrderData.RefundKey(orderId)));
        Assert.True(await harness.Bus.Sent.Any<ReleaseStock>(m => m.Context.Message.OrderId == orderId));
        Assert.Equal(HandRolledStatus.Cancelled, await StatusAsync(harness, orderId));
    }

    [Fact]
    public async Task Should_end_Rejected_when_out_of_stock()
    {
        await using var harness = await StartAsync();
        var orderId = Guid.NewGuid();

        await harness.Bus.Bus.Publish(FakeServices.Order(orderId, sku: FakeServices.MissingSku));

        Assert.True(await harness.Bus.Published.Any<OrderRejected>(m => m.Context.Message.OrderId == orderId));
        Assert.Equal(HandRolledStatus.Rejected, await StatusAsync(harness, orderId));
    }

    [Fact]
    public void Should_refuse_a_schema_that_is_not_an_identifier()
    {
        Assert.Throws<ArgumentException>(() => new HandRolledOrderTable(HandRolledSchemaFixture.ConnectionString, "x\"; DROP TABLE y; --"));
    }

    private static Task<string?> StatusAsync(PeerHarness harness, Guid orderId) =>
        harness.Services.GetRequiredService<HandRolledOrderTable>().StatusAsync(orderId);

    private Task<PeerHarness> StartAsync() =>
        PeerHarness.StartAsync(x => x.AddHandRolledOrders(HandRolledSchemaFixture.ConnectionString, database.Schema));
}
