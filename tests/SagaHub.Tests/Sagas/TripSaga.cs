namespace SagaHub.Tests.Sagas;

public sealed record StartTrip(Guid TripId);

public sealed record FlightBooked(Guid TripId, string Flight);

public sealed record HotelBooked(Guid TripId, string Hotel);

public sealed record BookingFailed(Guid TripId);

public sealed record CarBooked(Guid TripId);

public sealed record InsuranceBought(Guid TripId);

public sealed record TripReady(Guid TripId, string Arrived);

public enum TripStatus
{
    Booking,
    Extras,
    Booked,
    Failed,
}

public sealed class TripData
{
    public string? Flight { get; set; }

    public string? Hotel { get; set; }
}

/// <summary>Joins: flight and hotel in any order (with arrival actions), then car and insurance.</summary>
public sealed class TripSaga : SagaDefinition<TripData, TripStatus>
{
    public TripSaga()
    {
        Correlate<StartTrip>(m => m.TripId);
        Correlate<FlightBooked>(m => m.TripId);
        Correlate<HotelBooked>(m => m.TripId);
        Correlate<BookingFailed>(m => m.TripId);
        Correlate<CarBooked>(m => m.TripId);
        Correlate<InsuranceBought>(m => m.TripId);

        Initially<StartTrip>().GoTo(TripStatus.Booking);

        During(TripStatus.Booking)
            .Join(j => j
                .Of<FlightBooked>(ctx => ctx.Data.Flight = ctx.Message.Flight)
                .Of<HotelBooked>(ctx => ctx.Data.Hotel = ctx.Message.Hotel))
            .Publish(ctx => new TripReady(ctx.SagaId, string.Join(",", ctx.Message.Arrived)))
            .GoTo(TripStatus.Extras)
            .On<BookingFailed>().GoTo(TripStatus.Failed);

        During(TripStatus.Extras)
            .Join<CarBooked, InsuranceBought>().GoTo(TripStatus.Booked);

        Final(TripStatus.Booked, TripStatus.Failed);
    }
}
