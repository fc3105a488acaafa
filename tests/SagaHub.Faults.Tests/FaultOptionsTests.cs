namespace SagaHub.Faults.Tests;

public sealed class FaultOptionsTests
{
    [Fact]
    public void Parse_MoreRefundsThanCompletingOrdersCanCarry_IsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => FaultOptions.Parse(["--orders", "10", "--refunds", "5"]));

        Assert.Contains("more than 2/7 of --orders 10", error.Message, StringComparison.Ordinal);
    }
}
