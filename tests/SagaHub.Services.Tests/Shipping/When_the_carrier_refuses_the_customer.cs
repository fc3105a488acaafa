using SagaHub.Contracts.Shipping;

namespace SagaHub.Services.Tests.Shipping;

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
