using SagaHub.Contracts;
using SagaHub.Contracts.Orders;
using SagaHub.Contracts.Shipping;
using SagaHub.Services.Tests.Infrastructure;
using SagaHub.Shipping;

namespace SagaHub.Services.Tests.Shipping;

/// <summary>Starts the shipping service with one refused customer and one refused SKU.</summary>
public abstract class ShippingSpec : IAsyncLifetime
{
    protected ServiceHarness Service { get; private set; } = null!;

    protected ShipmentLog Log => Service.Get<ShipmentLog>();

    protected Guid OrderId { get; } = Guid.NewGuid();

    public async Task InitializeAsync()
    {
        Service = await ServiceHarness.Start(bus => bus.AddShippingService(options =>
        {
            options.FailCustomers.Add("nowhere-man");
            options.FailSkus.Add("SKU-PIANO");
        }));
        await When();
    }

    public async Task DisposeAsync() => await Service.DisposeAsync();

    protected abstract Task When();

    protected Task Ship(string customer, params string[] skus) =>
        Service.Send(Queues.Shipping, new ShipOrder(OrderId, customer, [.. skus.Select(sku => new OrderLine(sku, 1, 1m))]));
}
