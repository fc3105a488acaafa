using SagaHub.Services.Tests.Infrastructure;
using SagaHub.Shipping;

namespace SagaHub.Services.Tests.Shipping;

public sealed class ShipmentLogTests : IAsyncLifetime
{
    private StoreHost _host = null!;

    private ShipmentLog Log => _host.Get<ShipmentLog>();

    public Task InitializeAsync()
    {
        _host = StoreHost.Start(bus => bus.AddShippingService());
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Ship_TwoOrders_GetDistinctTrackingNumbers()
    {
        var first = (await Log.ShipAsync(Guid.NewGuid(), "a")).Shipment;
        var second = (await Log.ShipAsync(Guid.NewGuid(), "b")).Shipment;

        Assert.NotEqual(first.TrackingNumber, second.TrackingNumber);
        Assert.Equal(["TRK-20260314-000001", "TRK-20260314-000002"], (await Log.ShipmentsAsync()).Select(s => s.TrackingNumber));
    }

    [Fact]
    public async Task Ship_SameOrderConcurrently_RecordsOneShipment()
    {
        var orderId = Guid.NewGuid();

        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Task.Run(() => Log.ShipAsync(orderId, "a"))));

        Assert.Single(results, r => r.Added);
        Assert.Single(results.Select(r => r.Shipment.TrackingNumber).Distinct());
        Assert.Single(await Log.ShipmentsAsync());
    }

    [Fact]
    public async Task Ship_ManyOrdersConcurrently_NumbersThemWithoutGapsOrRepeats()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => Log.ShipAsync(Guid.NewGuid(), "a"))));

        Assert.All(results, r => Assert.True(r.Added));
        Assert.Equal(
            Enumerable.Range(1, 20).Select(i => $"TRK-20260314-{i:D6}"),
            results.Select(r => r.Shipment.TrackingNumber).Order(StringComparer.Ordinal));
    }
}
