using SagaHub.Services.Tests.Infrastructure;
using SagaHub.Shipping;

namespace SagaHub.Services.Tests.Shipping;

public sealed class ShipmentLogTests
{
    [Fact]
    public void Ship_TwoOrders_GetDistinctTrackingNumbers()
    {
        var log = new ShipmentLog(new FakeTimeProvider());

        var first = log.Ship(Guid.NewGuid(), "a").Shipment;
        var second = log.Ship(Guid.NewGuid(), "b").Shipment;

        Assert.NotEqual(first.TrackingNumber, second.TrackingNumber);
        Assert.Equal(2, log.Shipments.Count);
    }

    [Fact]
    public void Ship_SameOrderConcurrently_RecordsOneShipment()
    {
        var log = new ShipmentLog(new FakeTimeProvider());
        var orderId = Guid.NewGuid();

        var results = Enumerable.Range(0, 50).AsParallel().Select(_ => log.Ship(orderId, "a")).ToArray();

        Assert.Single(results, r => r.Added);
        Assert.Single(results.Select(r => r.Shipment.TrackingNumber).Distinct());
    }
}
