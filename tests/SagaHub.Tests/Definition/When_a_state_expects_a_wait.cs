using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

/// <summary>ExpectWithin: how long a saga usually waits in a state; past it the saga counts as stuck, and no timer fires.</summary>
public sealed class When_a_state_expects_a_wait
{
    private readonly RepairSaga saga = new();

    private SagaInstance<RepairData, RepairStatus> Working()
    {
        var instance = saga.NewInstance(Guid.NewGuid());
        saga.Fire(instance, new PlaceRepair(instance.Id, "c-7", 120m), null, Clock.T0);
        saga.Fire(instance, new SlotBooked(instance.Id), null, Clock.T0);
        saga.Fire(instance, new RepairCharged(instance.Id), null, Clock.At(TimeSpan.FromMinutes(1)));
        return instance;
    }

    [Fact]
    public void Should_set_when_the_wait_becomes_too_long_on_entering_with_no_deadline()
    {
        var instance = Working();

        Assert.Equal(RepairStatus.Working, instance.Status);
        Assert.Equal(Clock.At(TimeSpan.FromMinutes(1)) + RepairSaga.WorkExpected, instance.ExpectedBy);
        Assert.Null(instance.Deadline);
        Assert.Equal(instance.ExpectedBy, saga.ToSnapshot(instance).ExpectedBy);
        Assert.Equal(instance.ExpectedBy, saga.FromSnapshot(saga.ToSnapshot(instance)).ExpectedBy);
    }

    [Fact]
    public void Should_clear_it_on_leaving()
    {
        var instance = Working();

        saga.Fire(instance, new RepairDone(instance.Id), null, Clock.At(TimeSpan.FromHours(1)));

        Assert.Null(instance.ExpectedBy);
    }

    [Fact]
    public void Should_refuse_a_wait_that_is_not_positive()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).ExpectWithin(TimeSpan.Zero).On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);
        Assert.Contains("state A: ExpectWithin(...) needs a positive time", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_store_the_searchable_values_with_the_row()
    {
        var instance = Working();

        var values = saga.ToSnapshot(instance).SearchValues;

        Assert.Equal(new Dictionary<string, string> { ["customer"] = "c-7", ["amount"] = "120" }, values);
    }
}
