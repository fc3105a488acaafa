using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

public class When_an_instance_is_saved_and_loaded
{
    [Fact]
    public void Should_keep_state_data_deadline_and_compensations()
    {
        var saga = new TestOrderSaga();
        var orderId = Guid.NewGuid();
        var instance = saga.NewInstance(orderId);
        saga.Fire(instance, new SubmitOrder(orderId, 80m), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new StockReserved(orderId), Guid.NewGuid(), Clock.At(TimeSpan.FromMinutes(1)));
        saga.Fire(instance, new PaymentCharged(orderId), Guid.NewGuid(), Clock.At(TimeSpan.FromMinutes(2)));

        var snapshot = saga.ToSnapshot(instance);
        var loaded = saga.FromSnapshot(snapshot);

        Assert.Equal("TestOrderSaga", snapshot.SagaType);
        Assert.Equal("Shipping", snapshot.State);
        Assert.Equal(orderId, loaded.Id);
        Assert.True(loaded.IsStarted);
        Assert.False(loaded.IsFinal);
        Assert.Equal(TestOrderStatus.Shipping, loaded.Status);
        Assert.Equal(80m, loaded.Data.Amount);
        Assert.NotNull(loaded.Deadline);
        Assert.Equal(instance.Deadline, loaded.Deadline);
        Assert.Equal(instance.Compensations, loaded.Compensations);
        Assert.Equal(2, loaded.Compensations.Count);
        Assert.Equal(instance.LastSequence, loaded.LastSequence);
        Assert.Equal(instance.Version, loaded.Version);
        Assert.Equal(Clock.T0, loaded.CreatedAt);
        Assert.Equal(Clock.At(TimeSpan.FromMinutes(2)), loaded.UpdatedAt);
        Assert.Empty(loaded.History);
    }

    [Fact]
    public void Should_continue_from_the_loaded_instance()
    {
        var saga = new TestOrderSaga();
        var orderId = Guid.NewGuid();
        var instance = saga.NewInstance(orderId);
        TestOrderSagaSteps.FireUntilShipping(saga, instance);
        var loaded = saga.FromSnapshot(saga.ToSnapshot(instance));

        var result = saga.Fire(loaded, new ShipmentFailed(orderId), Guid.NewGuid(), Clock.T0);

        Assert.Equal(TestOrderStatus.Compensating, loaded.Status);
        Assert.Equal(new RefundPayment(orderId, 80m), Assert.Single(result.Outgoing).Message);
        Assert.Equal(instance.LastSequence + 1, result.History[0].Sequence);
    }

    [Fact]
    public void Should_keep_a_compensation_run_in_progress()
    {
        var saga = new TestOrderSaga();
        var orderId = Guid.NewGuid();
        var instance = saga.NewInstance(orderId);
        TestOrderSagaSteps.FireUntilShipping(saga, instance);
        saga.Fire(instance, new ShipmentFailed(orderId), Guid.NewGuid(), Clock.T0);

        var loaded = saga.FromSnapshot(saga.ToSnapshot(instance));

        Assert.NotNull(loaded.Compensating);
        Assert.Equal(instance.Compensating, loaded.Compensating);
        var result = saga.Fire(loaded, new PaymentRefunded(orderId), Guid.NewGuid(), Clock.T0);
        Assert.Equal(new ReleaseStock(orderId), Assert.Single(result.Outgoing).Message);
    }

    [Fact]
    public void Should_keep_the_human_task()
    {
        var saga = new TestRefundSaga();
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new RequestRefund(id, 42m), Guid.NewGuid(), Clock.T0);
        saga.FireDeadline(instance);

        var loaded = saga.FromSnapshot(saga.ToSnapshot(instance));

        Assert.NotNull(loaded.Task);
        Assert.Equal(instance.Task, loaded.Task);
        Assert.True(loaded.Task.Escalated);
        Assert.Equal(instance.Deadline, loaded.Deadline);
        Assert.Equal(42m, loaded.Data.Amount);
        saga.Fire(loaded, new HumanTaskCompleted(saga.Name, id, loaded.Task.TaskId, true, "lead", null), Guid.NewGuid(), Clock.T0);
        Assert.Equal(TestRefundStatus.Approved, loaded.Status);
    }

    [Fact]
    public void Should_keep_the_join_arrivals()
    {
        var saga = new TripSaga();
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new StartTrip(id), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new FlightBooked(id, "LH123"), Guid.NewGuid(), Clock.T0);

        var loaded = saga.FromSnapshot(saga.ToSnapshot(instance));

        Assert.Equal(["FlightBooked"], loaded.JoinArrivals);
        Assert.Equal("LH123", loaded.Data.Flight);
        var result = saga.Fire(loaded, new HotelBooked(id, "Adlon"), Guid.NewGuid(), Clock.T0);
        Assert.Equal(TripStatus.Extras, loaded.Status);
        Assert.Equal("2 of 2 arrived", result.History[0].Detail);
    }

    [Fact]
    public void Should_keep_a_final_state_final()
    {
        var saga = new TraceSaga();
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Begin(id), Guid.NewGuid(), Clock.T0);
        saga.FireDeadline(instance);

        var loaded = saga.FromSnapshot(saga.ToSnapshot(instance));

        Assert.True(loaded.IsFinal);
        Assert.Equal(TraceStatus.Done, loaded.Status);
        Assert.Equal(["then:Begin", "enter:First", "exit:First"], loaded.Data.Log);
        Assert.Equal(FireOutcome.Rejected, saga.Fire(loaded, new Finish(id)).Outcome);
    }

    [Fact]
    public void Should_refuse_a_snapshot_in_an_unknown_state_with_a_configuration_error()
    {
        var saga = new TraceSaga();
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Begin(id), Guid.NewGuid(), Clock.T0);
        var snapshot = saga.ToSnapshot(instance) with { State = "Vanished" };

        var ex = Assert.Throws<SagaConfigurationException>(() => saga.FromSnapshot(snapshot));

        Assert.Contains("Vanished", ex.Message, StringComparison.Ordinal);
    }
}
