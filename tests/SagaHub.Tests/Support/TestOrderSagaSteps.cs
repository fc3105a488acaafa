using SagaHub.Tests.Sagas;

namespace SagaHub.Tests.Support;

/// <summary>Fires the test order saga's happy path up to Shipping, at <see cref="Clock.T0"/>.</summary>
public static class TestOrderSagaSteps
{
    /// <summary>Submitted (80.00), stock reserved, payment charged: the saga waits in Shipping with two compensations stacked.</summary>
    public static void FireUntilShipping(TestOrderSaga saga, SagaInstance<TestOrderData, TestOrderStatus> instance)
    {
        var orderId = instance.Id;
        saga.Fire(instance, new SubmitOrder(orderId, 80m), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new PaymentCharged(orderId), Guid.NewGuid(), Clock.T0);
    }
}
