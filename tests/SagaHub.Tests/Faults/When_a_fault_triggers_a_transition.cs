using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

/// <summary>
/// A transition a <c>Fault&lt;T&gt;</c> triggers records the service's exception message in its history row, so an
/// operator reads why without the service's log (it used to record only the guard, or nothing).
/// </summary>
public sealed class When_a_fault_triggers_a_transition
{
    private readonly Guid id = Guid.NewGuid();

    private static AdHocSaga Saga(Action<TransitionBuilder<AdHocData, AdHocStatus, CommandFault<Ping>>> onFault) => new(s =>
    {
        s.CorrelateAll();
        s.SendTo("pings", typeof(Ping));
        s.Initially<Go>().GoTo(AdHocStatus.A);
        s.During(AdHocStatus.A).OnEnter(ctx => ctx.Send(new Ping(ctx.SagaId, 1)));
        onFault(s.During(AdHocStatus.A).OnFault<Ping>());
        s.During(AdHocStatus.A).On<Pong>().GoTo(AdHocStatus.Done);
        s.During(AdHocStatus.A).On<UndoA>().GoTo(AdHocStatus.Broken); // keeps Broken reachable when the fault stays
        s.Final(AdHocStatus.Done, AdHocStatus.Broken);
    });

    [Fact]
    public void Should_record_the_fault_message_as_the_detail_of_its_transition()
    {
        var saga = Saga(t => t.GoTo(AdHocStatus.Broken));
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id));

        var result = saga.Fire(instance, TestFault.Of(new Ping(id, 1), "A refund of 180 is more than the 50.00 left"));

        var row = Assert.Single(result.History);
        Assert.True(row is { Kind: SagaHistoryKind.Transition, From: "A", To: "Broken", Trigger: "Fault<Ping>" }, HistoryText.Of(instance));
        Assert.Equal("fault: A refund of 180 is more than the 50.00 left", row.Detail);
    }

    [Fact]
    public void Should_record_the_fault_message_after_the_guard_that_chose_the_transition()
    {
        var saga = Saga(t => t.If(ctx => ctx.Message.Message.Value > 0, "a real ping").GoTo(AdHocStatus.Broken));
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id));

        var result = saga.Fire(instance, TestFault.Of(new Ping(id, 1), "pinger down"));

        Assert.Equal("a real ping; fault: pinger down", Assert.Single(result.History).Detail);
    }

    [Fact]
    public void Should_record_the_fault_message_when_the_saga_stays()
    {
        var saga = Saga(t => t.Stay());
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id));

        var result = saga.Fire(instance, TestFault.Of(new Ping(id, 1), "pinger down"));

        var row = Assert.Single(result.History);
        Assert.Equal((SagaHistoryKind.Stayed, "fault: pinger down"), (row.Kind, row.Detail));
    }

    [Fact]
    public void Should_record_the_fault_message_when_it_starts_a_compensation()
    {
        var saga = new TestOrderSaga();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new SubmitOrder(id, 80m), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new StockReserved(id), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, TestFault.Of(new ChargePayment(id, 80m), "gateway down"), Guid.NewGuid(), Clock.T0);

        Assert.True(result.History[0] is { Kind: SagaHistoryKind.Transition, To: "Compensating", Trigger: "Fault<ChargePayment>" }, HistoryText.Of(instance));
        Assert.Equal("compensating 1 step(s), newest first; fault: gateway down", result.History[0].Detail);
    }

    [Fact]
    public void Should_record_no_fault_detail_for_a_message_that_is_not_a_fault()
    {
        var saga = Saga(t => t.GoTo(AdHocStatus.Broken));
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id));

        var result = saga.Fire(instance, new Pong(id));

        Assert.Null(Assert.Single(result.History).Detail);
    }
}
