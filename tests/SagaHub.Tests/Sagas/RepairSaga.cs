namespace SagaHub.Tests.Sagas;

public sealed record PlaceRepair(Guid RepairId, string Customer, decimal Amount);

public sealed record BookSlot(Guid RepairId);

public sealed record SlotBooked(Guid RepairId);

public sealed record CancelSlot(Guid RepairId);

public sealed record SlotCancelled(Guid RepairId);

public sealed record ChargeRepair(Guid RepairId, decimal Amount);

public sealed record RepairCharged(Guid RepairId);

public sealed record RepairDone(Guid RepairId);

public sealed record CustomerCalled(Guid RepairId);

public enum RepairStatus
{
    Booking,
    Charging,
    Working,
    Compensating,
    OnHold,
    Done,
    Cancelled,
}

public sealed class RepairData
{
    public string Customer { get; set; } = string.Empty;

    public decimal Amount { get; set; }
}

/// <summary>
/// Book a slot, charge, work. A step that does not answer in time parks the repair in OnHold, where an operator (or the
/// customer's call) takes it on; the work is expected to take two hours, with no timer.
/// </summary>
public sealed class RepairSaga : SagaDefinition<RepairData, RepairStatus>
{
    public static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan WorkExpected = TimeSpan.FromHours(2);

    public RepairSaga()
    {
        Correlate<PlaceRepair>(m => m.RepairId);
        Correlate<SlotBooked>(m => m.RepairId);
        Correlate<CancelSlot>(m => m.RepairId);
        Correlate<SlotCancelled>(m => m.RepairId);
        Correlate<ChargeRepair>(m => m.RepairId);
        Correlate<RepairCharged>(m => m.RepairId);
        Correlate<RepairDone>(m => m.RepairId);
        Correlate<CustomerCalled>(m => m.RepairId);

        SendTo("garage", typeof(BookSlot), typeof(CancelSlot));
        SendTo("payments", typeof(ChargeRepair));

        Initially<PlaceRepair>()
            .Then(ctx =>
            {
                ctx.Data.Customer = ctx.Message.Customer;
                ctx.Data.Amount = ctx.Message.Amount;
            })
            .GoTo(RepairStatus.Booking);

        During(RepairStatus.Booking)
            .OnEnter(ctx => ctx.Send(new BookSlot(ctx.SagaId)))
            .On<SlotBooked>().CompensateWith(ctx => new CancelSlot(ctx.SagaId)).GoTo(RepairStatus.Charging)
            .Timeout(StepTimeout).GoTo(RepairStatus.OnHold);

        During(RepairStatus.Charging)
            .OnEnter(ctx => ctx.Send(new ChargeRepair(ctx.SagaId, ctx.Data.Amount)))
            .On<RepairCharged>().GoTo(RepairStatus.Working)
            .OnFault<ChargeRepair>().Compensate().GoTo(RepairStatus.Cancelled)
            .Timeout(StepTimeout).GoTo(RepairStatus.OnHold);

        During(RepairStatus.Working)
            .ExpectWithin(WorkExpected)
            .On<RepairDone>().GoTo(RepairStatus.Done);

        Compensating(RepairStatus.Compensating)
            .Confirm<CancelSlot, SlotCancelled>()
            .OnFailure(RepairStatus.OnHold);

        During(RepairStatus.OnHold)
            .On<CustomerCalled>().GoTo(RepairStatus.Charging);

        Parked(RepairStatus.OnHold);
        Final(RepairStatus.Done, RepairStatus.Cancelled);
        Searchable("customer", d => d.Customer);
        Searchable("amount", d => d.Amount);
    }
}
