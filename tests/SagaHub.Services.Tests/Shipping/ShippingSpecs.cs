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

public sealed class When_the_carrier_refuses_the_customer : ShippingSpec
{
    private ShipmentFailed _failed = null!;

    protected override async Task When()
    {
        await Ship("nowhere-man", "SKU-RED");
        _failed = await Service.Published<ShipmentFailed>(m => m.OrderId == OrderId);
    }

    [Fact]
    public void Should_fail_naming_the_rule_and_customer()
    {
        Assert.Contains("Shipping:FailCustomers", _failed.Reason, StringComparison.Ordinal);
        Assert.Contains("nowhere-man", _failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_record_no_shipment() => Assert.Null(await Log.FindAsync(OrderId));
}

public sealed class When_the_carrier_refuses_a_sku : ShippingSpec
{
    private ShipmentFailed _failed = null!;

    protected override async Task When()
    {
        await Ship("alice", "SKU-RED", "SKU-PIANO");
        _failed = await Service.Published<ShipmentFailed>(m => m.OrderId == OrderId);
    }

    [Fact]
    public void Should_fail_naming_the_rule_and_sku()
    {
        Assert.Contains("Shipping:FailSkus", _failed.Reason, StringComparison.Ordinal);
        Assert.Contains("SKU-PIANO", _failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Should_record_no_shipment() => Assert.Empty(await Log.ShipmentsAsync());
}

public sealed class When_a_shipment_is_redelivered : ShippingSpec
{
    private readonly Guid _messageId = MassTransit.NewId.NextGuid();

    protected override async Task When()
    {
        var command = new ShipOrder(OrderId, "alice", [new OrderLine("SKU-RED", 1, 1m)]);
        await Service.Send(Queues.Shipping, command, context => context.MessageId = _messageId);
        await Service.Published<OrderShipped>(m => m.OrderId == OrderId);
        await Service.Send(Queues.Shipping, command, context => context.MessageId = _messageId);
        await Service.Logs.WaitFor(eventId: 3200, count: 1);
    }

    [Fact]
    public async Task Should_ship_once_and_publish_once()
    {
        Assert.Single(await Log.ShipmentsAsync());
        Assert.Equal(1, Service.PublishCount<OrderShipped>(m => m.OrderId == OrderId));
    }
}
