namespace SagaHub.Tests.Sagas;

public sealed record PlanTrip(Guid PlanId);

public sealed record CarReserved(Guid PlanId);

public sealed record RoomReserved(Guid PlanId);

public sealed record PlanFailed(Guid PlanId);

public sealed record PlanConfirmed(Guid PlanId);

public sealed record CancelCar(Guid PlanId);

public sealed record CancelRoom(Guid PlanId);

public enum PlanStatus
{
    Reserving,
    RollingBack,
    Done,
    Cancelled,
    Broken,
}

public sealed class PlanData
{
    public int Steps { get; set; }
}

/// <summary>Compensations without declared confirmations: all undo commands go out at once, newest first.</summary>
public sealed class PlanSaga : SagaDefinition<PlanData, PlanStatus>
{
    public PlanSaga()
    {
        Correlate<PlanTrip>(m => m.PlanId);
        Correlate<CarReserved>(m => m.PlanId);
        Correlate<RoomReserved>(m => m.PlanId);
        Correlate<PlanFailed>(m => m.PlanId);
        Correlate<PlanConfirmed>(m => m.PlanId);

        SendTo("cars", typeof(CancelCar));
        SendTo("rooms", typeof(CancelRoom));

        Initially<PlanTrip>().GoTo(PlanStatus.Reserving);

        During(PlanStatus.Reserving)
            .On<CarReserved>().Then(ctx => ctx.Data.Steps++).CompensateWith(ctx => new CancelCar(ctx.SagaId)).Stay()
            .On<RoomReserved>().Then(ctx => ctx.Data.Steps++).CompensateWith(ctx => new CancelRoom(ctx.SagaId)).Stay()
            .On<PlanConfirmed>().GoTo(PlanStatus.Done)
            .On<PlanFailed>().Compensate().GoTo(PlanStatus.Cancelled);

        Compensating(PlanStatus.RollingBack)
            .OnFailure(PlanStatus.Broken);

        Final(PlanStatus.Done, PlanStatus.Cancelled, PlanStatus.Broken);
    }
}
