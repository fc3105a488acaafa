namespace SagaHub.Tests;

public sealed class DispatchHealthTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void StuckSince_FailedForTheWholeWindowWithNoSuccess_IsTheFirstFailure()
    {
        var health = new DispatchHealth();
        health.Failed(T0);
        health.Failed(T0.AddSeconds(30));

        Assert.Null(health.StuckSince(T0.AddSeconds(59), TimeSpan.FromSeconds(60)));
        Assert.Equal(T0, health.StuckSince(T0.AddSeconds(60), TimeSpan.FromSeconds(60)));
        Assert.Equal(2, health.FailuresSinceSuccess);
    }

    [Fact]
    public void StuckSince_SuccessInTheWindow_StartsTheWindowAgain()
    {
        var health = new DispatchHealth();
        health.Failed(T0);
        health.Succeeded();
        health.Failed(T0.AddSeconds(50));

        Assert.Null(health.StuckSince(T0.AddSeconds(70), TimeSpan.FromSeconds(60)));
        Assert.Equal(1, health.FailuresSinceSuccess);
    }

    [Fact]
    public void StuckSince_SuccessesOnOtherRoutes_StillSeesTheFailingRoute()
    {
        // RabbitMQ restarted on MassTransit 8.5: the sweeps' bus-level send endpoint stayed on a dead channel while
        // consumers sent fine; 12 outbox rows of payments were never delivered (the fault suite's rabbitmq-restart).
        var health = new DispatchHealth();
        health.Failed(T0, "bus:SagaHub.Contracts.Payments.PaymentCaptured");
        health.Succeeded("consume:SagaHub.Contracts.Payments.PaymentCaptured");
        health.Failed(T0.AddSeconds(30), "bus:SagaHub.Contracts.Payments.PaymentCaptured");

        Assert.Equal(T0, health.StuckSince(T0.AddSeconds(60), TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void Route_WithOrWithoutADestination_IsTheSenderAndTheDestinationOrMessageType()
    {
        Assert.Equal("bus:payments", DispatchHealth.Route(new object(), "payments", "SagaHub.Contracts.Payments.ChargePayment"));
        Assert.Equal("bus:SagaHub.Contracts.Payments.PaymentCaptured", DispatchHealth.Route(new object(), null, "SagaHub.Contracts.Payments.PaymentCaptured"));
    }
}
