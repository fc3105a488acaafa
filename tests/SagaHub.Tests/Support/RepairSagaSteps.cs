using SagaHub.Tests.Sagas;

namespace SagaHub.Tests.Support;

/// <summary>Brings a <see cref="RepairSaga"/> instance to a state, at <see cref="Clock.T0"/>.</summary>
public static class RepairSagaSteps
{
    /// <summary>Placed for <paramref name="customer"/> (120.00) and its slot booked: it waits in Charging, one undo stacked.</summary>
    public static SagaInstance<RepairData, RepairStatus> Charging(RepairSaga saga, string customer = "c-7")
    {
        var instance = saga.NewInstance(Guid.NewGuid());
        saga.Fire(instance, new PlaceRepair(instance.Id, customer, 120m), null, Clock.T0);
        saga.Fire(instance, new SlotBooked(instance.Id), null, Clock.T0);
        return instance;
    }

    /// <summary>As <see cref="Charging"/>, then its charge went unanswered: parked in OnHold.</summary>
    public static SagaInstance<RepairData, RepairStatus> Parked(RepairSaga saga, string customer = "c-7")
    {
        var instance = Charging(saga, customer);
        saga.FireDeadline(instance);
        return instance;
    }

    /// <summary>Stores <paramref name="instance"/> as a new row (version 1) with its history.</summary>
    public static async Task<Guid> StoreAsync(this ISagaUnitOfWorkStore store, RepairSaga saga, SagaInstance<RepairData, RepairStatus> instance)
    {
        await store.CommitAsync(new SagaCommit(saga.Name, Guid.NewGuid(), saga.ToSnapshot(instance), 0, instance.History, []));
        return instance.Id;
    }
}
