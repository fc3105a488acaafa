using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

/// <summary>A parked state: the saga cannot go on by itself; it is not final, has no timer, and waits for an operator or a declared message.</summary>
public sealed class When_a_state_is_parked
{
    private readonly RepairSaga saga = new();

    private SagaInstance<RepairData, RepairStatus> ParkedFromCharging() => RepairSagaSteps.Parked(saga);

    [Fact]
    public void Should_be_neither_final_nor_timed()
    {
        var instance = ParkedFromCharging();

        Assert.Equal(RepairStatus.OnHold, instance.Status);
        Assert.True(instance.IsParked);
        Assert.False(instance.IsFinal);
        Assert.Null(instance.Deadline);
        var snapshot = saga.ToSnapshot(instance);
        Assert.True(snapshot.IsParked);
        Assert.False(snapshot.IsFinal);
    }

    [Fact]
    public void Should_be_left_by_a_declared_message()
    {
        var instance = ParkedFromCharging();

        var result = saga.Fire(instance, new CustomerCalled(instance.Id), null, Clock.At(TimeSpan.FromHours(1)));

        Assert.Equal(RepairStatus.Charging, instance.Status);
        Assert.False(instance.IsParked);
        Assert.Equal([typeof(ChargeRepair)], result.Outgoing.Select(m => m.MessageType));
    }

    [Fact]
    public void Should_be_parked_again_when_loaded_from_its_row()
    {
        var instance = ParkedFromCharging();

        var loaded = saga.FromSnapshot(saga.ToSnapshot(instance) with { IsParked = false });

        Assert.True(loaded.IsParked);
    }

    [Fact]
    public void Should_need_no_way_out()
    {
        var parked = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Broken).On<Pong>().GoTo(AdHocStatus.Done);
            s.Parked(AdHocStatus.Broken);
            s.Final(AdHocStatus.Done);
        });
        var unparked = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Broken).On<Pong>().GoTo(AdHocStatus.Done);
            s.During(AdHocStatus.Broken).OnEnter(_ => { });
            s.Final(AdHocStatus.Done);
        });

        parked.Validate();
        var error = Assert.Throws<SagaDefinitionException>(unparked.Validate);
        Assert.Contains("state Broken is not final and has no way out", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_not_be_final_too()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
            s.Parked(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);
        Assert.Contains("state Done is both final and parked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_have_no_timer()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.Broken);
            s.During(AdHocStatus.Broken).Timeout(TimeSpan.FromMinutes(1)).GoTo(AdHocStatus.Done);
            s.Parked(AdHocStatus.Broken);
            s.Final(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);
        Assert.Contains("state Broken is parked but declares a timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_show_in_the_graph_and_the_diagrams()
    {
        var graph = saga.Describe();

        Assert.Equal(["OnHold"], graph.ParkedStates);
        Assert.Contains("note right of OnHold\n        parked: waits for an operator\n    end note\n", saga.ToMermaid(), StringComparison.Ordinal);
        Assert.Contains("\"OnHold\" [label=\"OnHold\", style=\"rounded,dashed\"]", saga.ToDot(), StringComparison.Ordinal);
    }
}
