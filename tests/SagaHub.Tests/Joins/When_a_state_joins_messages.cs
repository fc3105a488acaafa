using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

public class When_a_state_joins_messages
{
    private readonly TripSaga saga = new();
    private readonly Guid tripId = Guid.NewGuid();

    private SagaInstance<TripData, TripStatus> Booking()
    {
        var instance = saga.NewInstance(tripId);
        saga.Fire(instance, new StartTrip(tripId), Guid.NewGuid(), Clock.T0);
        return instance;
    }

    [Fact]
    public void Should_record_the_first_arrival_and_wait()
    {
        var instance = Booking();

        var result = saga.Fire(instance, new FlightBooked(tripId, "LH123"), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.False(result.Moved);
        Assert.Equal(TripStatus.Booking, instance.Status);
        Assert.Equal(["FlightBooked"], instance.JoinArrivals);
        Assert.Empty(result.Outgoing);
        var row = Assert.Single(result.History);
        Assert.True(row is { Kind: SagaHistoryKind.JoinArrival, From: "Booking", To: "Booking", Trigger: "FlightBooked", Detail: "1 of 2 arrived" }, HistoryText.Of(instance));
    }

    [Fact]
    public void Should_run_the_arrival_action()
    {
        var instance = Booking();

        saga.Fire(instance, new FlightBooked(tripId, "LH123"), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new HotelBooked(tripId, "Adlon"), Guid.NewGuid(), Clock.T0);

        Assert.Equal("LH123", instance.Data.Flight);
        Assert.Equal("Adlon", instance.Data.Hotel);
    }

    [Fact]
    public void Should_transition_after_the_last_arrival()
    {
        var instance = Booking();
        saga.Fire(instance, new FlightBooked(tripId, "LH123"), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, new HotelBooked(tripId, "Adlon"), Guid.NewGuid(), Clock.T0);

        var history = HistoryText.Of(instance);
        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(TripStatus.Extras, instance.Status);
        Assert.Equal([SagaHistoryKind.JoinArrival, SagaHistoryKind.Transition], HistoryText.Kinds(result.History));
        Assert.True(result.History[0] is { Trigger: "HotelBooked", Detail: "2 of 2 arrived" }, history);
        Assert.True(result.History[1] is { From: "Booking", To: "Extras", Trigger: "all arrived" }, history);
        Assert.Empty(instance.JoinArrivals);
        var ready = Assert.Single(result.Outgoing);
        Assert.True(ready.IsPublish);
        Assert.Equal(new TripReady(tripId, "FlightBooked,HotelBooked"), ready.Message);
        HistoryText.AssertGapFree(instance);
    }

    [Fact]
    public void Should_accept_the_arrivals_in_either_order()
    {
        var instance = Booking();

        var first = saga.Fire(instance, new HotelBooked(tripId, "Adlon"), Guid.NewGuid(), Clock.T0);
        var second = saga.Fire(instance, new FlightBooked(tripId, "LH123"), Guid.NewGuid(), Clock.T0);

        var history = HistoryText.Of(instance);
        Assert.True(first.History.Single() is { Kind: SagaHistoryKind.JoinArrival, Trigger: "HotelBooked", Detail: "1 of 2 arrived" }, history);
        Assert.Equal([SagaHistoryKind.JoinArrival, SagaHistoryKind.Transition], HistoryText.Kinds(second.History));
        Assert.Equal(TripStatus.Extras, instance.Status);
        Assert.Equal(new TripReady(tripId, "HotelBooked,FlightBooked"), Assert.Single(second.Outgoing).Message);
    }

    [Fact]
    public void Should_ignore_a_duplicate_arrival()
    {
        var instance = Booking();
        saga.Fire(instance, new FlightBooked(tripId, "LH123"), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, new FlightBooked(tripId, "BA999"), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Ignored, result.Outcome);
        Assert.Equal("FlightBooked already arrived for the join of state Booking", result.Reason);
        Assert.True(result.History.Single() is { Kind: SagaHistoryKind.Ignored, Trigger: "FlightBooked" }, HistoryText.Of(instance));
        Assert.Equal("LH123", instance.Data.Flight);
        Assert.Equal(["FlightBooked"], instance.JoinArrivals);
        Assert.Equal(TripStatus.Booking, instance.Status);
    }

    [Fact]
    public void Should_divert_on_a_failure_message_during_the_join()
    {
        var instance = Booking();
        saga.Fire(instance, new FlightBooked(tripId, "LH123"), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, new BookingFailed(tripId), Guid.NewGuid(), Clock.T0);

        Assert.Equal(TripStatus.Failed, instance.Status);
        Assert.True(instance.IsFinal);
        Assert.Empty(instance.JoinArrivals);
        Assert.Empty(result.Outgoing);
        Assert.True(result.History.Single() is { Kind: SagaHistoryKind.Transition, From: "Booking", To: "Failed", Trigger: "BookingFailed" }, HistoryText.Of(instance));
    }

    [Fact]
    public void Should_join_with_the_generic_two_message_form()
    {
        var instance = Booking();
        saga.Fire(instance, new FlightBooked(tripId, "LH123"), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new HotelBooked(tripId, "Adlon"), Guid.NewGuid(), Clock.T0);

        var insurance = saga.Fire(instance, new InsuranceBought(tripId), Guid.NewGuid(), Clock.T0);
        var car = saga.Fire(instance, new CarBooked(tripId), Guid.NewGuid(), Clock.T0);

        Assert.Equal(SagaHistoryKind.JoinArrival, Assert.Single(insurance.History).Kind);
        Assert.Equal([SagaHistoryKind.JoinArrival, SagaHistoryKind.Transition], HistoryText.Kinds(car.History));
        Assert.Equal(TripStatus.Booked, instance.Status);
    }

    [Fact]
    public void Should_reject_a_member_of_the_next_join_before_its_state()
    {
        var instance = Booking();

        var result = saga.Fire(instance, new CarBooked(tripId), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.Empty(instance.JoinArrivals);
    }
}
