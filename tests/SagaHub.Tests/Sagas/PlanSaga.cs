namespace SagaHub.Tests.Sagas;

public sealed record PlanTrip(Guid PlanId);

public sealed record CarReserved(Guid PlanId);

public sealed record RoomReserved(Guid PlanId);

public sealed record PlanFailed(Guid PlanId);

public sealed record PlanConfirmed(Guid PlanId);

public sealed record CancelCar(Guid PlanId);

public sealed record CancelRoom(Guid PlanId);

public enum PlanState
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
public sealed class PlanSaga : SagaDefinition<PlanData, PlanState>
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

        Initially<PlanTrip>().GoTo(PlanState.Reserving);

        During(PlanState.Reserving)
            .On<CarReserved>().Then(ctx => ctx.Data.Steps++).CompensateWith(ctx => new CancelCar(ctx.SagaId)).Stay()
            .On<RoomReserved>().Then(ctx => ctx.Data.Steps++).CompensateWith(ctx => new CancelRoom(ctx.SagaId)).Stay()
            .On<PlanConfirmed>().GoTo(PlanState.Done)
            .On<PlanFailed>().Compensate().GoTo(PlanState.Cancelled);

        Compensating(PlanState.RollingBack)
            .OnFailure(PlanState.Broken);

        Final(PlanState.Done, PlanState.Cancelled, PlanState.Broken);
    }
}
