using SagaHub.Contracts.Shipping;
using SagaHub.Services.Tests.Infrastructure;
using SagaHub.Shipping;

namespace SagaHub.Services.Tests.Shipping;

public sealed class When_an_order_is_shipped_twice : ShippingSpec
{
    private IReadOnlyList<OrderShipped> _shipped = [];

    protected override async Task When()
    {
        await Ship("alice", "SKU-RED", "SKU-BLUE");
        await Service.Published<OrderShipped>(m => m.OrderId == OrderId);
        Service.Time.Advance(TimeSpan.FromDays(2));
        await Ship("alice", "SKU-RED", "SKU-BLUE");
        _shipped = await Service.Published<OrderShipped>(m => m.OrderId == OrderId, count: 2);
    }

    [Fact]
    public void Should_publish_OrderShipped_with_a_tracking_number() =>
        Assert.Equal("TRK-20260314-000001", _shipped[0].TrackingNumber);

    [Fact]
    public void Should_republish_the_same_tracking_number() => Assert.Equal(_shipped[0], _shipped[1]);

    [Fact]
    public async Task Should_record_one_shipment()
    {
        var shipment = Assert.Single(await Log.ShipmentsAsync());
        Assert.Equal(new Shipment(OrderId, "alice", "TRK-20260314-000001", FakeTimeProvider.Start), shipment);
    }
}
