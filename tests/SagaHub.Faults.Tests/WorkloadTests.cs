namespace SagaHub.Faults.Tests;

public sealed class WorkloadTests
{
    [Fact]
    public void Plan_DefaultSizes_TakesEveryPathOfBothSagas()
    {
        var plan = Workload.Plan(500, 100);

        Assert.Equal(500, plan.Count);
        Assert.Equal(25, plan.Count(p => p.Sku == "SKU-RARE"));
        Assert.Equal(50, plan.Count(p => p.Customer == Workload.DeclinedCustomer));
        Assert.Equal(25, plan.Count(p => p.Customer == Workload.PaymentDownCustomer));
        Assert.Equal(50, plan.Count(p => p.Customer == Workload.UnshippableCustomer));
        var refunds = plan.Where(p => p.Refund is not null).ToList();
        Assert.Equal(100, refunds.Count);
        Assert.Equal(60, refunds.Count(p => p.Decision == RefundDecision.Auto));
        Assert.Equal(20, refunds.Count(p => p.Decision == RefundDecision.Approve));
        Assert.Equal(10, refunds.Count(p => p.Decision == RefundDecision.Reject));
        Assert.Equal(10, refunds.Count(p => p.Decision == RefundDecision.Expire));
        Assert.Equal(30, refunds.Count(p => p.Decision == RefundDecision.Auto && p.Returned == 0)); // paid back, nothing restocked
        Assert.Equal(70, refunds.Count(p => p.Returned > 0));
    }

    [Fact]
    public void Plan_Refunds_OnlyForOrdersThatCompleteAndNeverAboveTheirTotal()
    {
        var plan = Workload.Plan(500, 100);

        Assert.All(plan.Where(p => p.Refund is not null), p =>
        {
            Assert.StartsWith("cust-", p.Customer, StringComparison.Ordinal);
            Assert.DoesNotContain(p.Customer, new[] { Workload.DeclinedCustomer, Workload.PaymentDownCustomer, Workload.UnshippableCustomer });
            Assert.NotEqual("SKU-RARE", p.Sku);
            Assert.True(p.Refund <= p.Total);
            Assert.InRange(p.Returned, 0, p.Quantity); // the API refuses more than was ordered
            Assert.Equal(p.Decision == RefundDecision.Auto, p.Refund <= 100m); // the refund saga's auto-approve limit
        });
    }
}
