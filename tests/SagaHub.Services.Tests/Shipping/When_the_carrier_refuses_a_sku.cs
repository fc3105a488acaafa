using SagaHub.Contracts.Shipping;

namespace SagaHub.Services.Tests.Shipping;

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
