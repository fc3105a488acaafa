using System.Text.Json;
using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

/// <summary><c>j.Of&lt;TMessage, TCommand&gt;(compensateWith)</c>: a join member's arrival is a completed step whose undo goes on the stack.</summary>
public sealed class When_a_join_member_registers_its_undo
{
    private static AdHocSaga Saga(bool routed = true) => new(s =>
    {
        s.CorrelateAll();
        if (routed)
        {
            s.SendTo("undo", typeof(UndoA));
        }

        s.Initially<Go>().GoTo(AdHocStatus.A);
        s.During(AdHocStatus.A)
            .Join(j => j.Of<Ping, UndoA>(ctx => new UndoA(ctx.SagaId), ctx => ctx.Data.Value = ctx.Message.Value).Of<Pong>())
            .GoTo(AdHocStatus.B);
        s.During(AdHocStatus.B).On<Go>().Compensate().GoTo(AdHocStatus.Done);
        s.Compensating(AdHocStatus.Undoing).Confirm<UndoA, Pong>().OnFailure(AdHocStatus.Broken);
        s.Final(AdHocStatus.Done, AdHocStatus.Broken);
    });

    [Fact]
    public void Should_push_the_undo_when_the_member_arrives_and_send_it_when_compensating()
    {
        var saga = Saga();
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id), Guid.NewGuid(), Clock.T0);

        saga.Fire(instance, new Ping(id, 7), Guid.NewGuid(), Clock.T0);

        var pending = Assert.Single(instance.Compensations);
        Assert.Equal(("Ping", typeof(UndoA).FullName, "undo"), (pending.Step, pending.MessageType, pending.Destination));
        Assert.Equal(id, JsonSerializer.Deserialize<UndoA>(pending.Payload, new JsonSerializerOptions(JsonSerializerDefaults.Web))!.Id);
        Assert.Equal(7, instance.Data.Value); // the arrival action ran too

        saga.Fire(instance, new Pong(id), Guid.NewGuid(), Clock.T0); // the join completes: B
        var compensating = saga.Fire(instance, new Go(id), Guid.NewGuid(), Clock.T0);

        Assert.Equal(AdHocStatus.Undoing, instance.Status);
        var undo = Assert.Single(compensating.Outgoing);
        Assert.Equal((typeof(UndoA), "undo"), (undo.MessageType, undo.Destination));
    }

    [Fact]
    public void Should_not_push_it_again_for_a_repeated_arrival()
    {
        var saga = Saga();
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new Ping(id, 1), Guid.NewGuid(), Clock.T0);

        saga.Fire(instance, new Ping(id, 1), Guid.NewGuid(), Clock.T0);

        Assert.Single(instance.Compensations);
    }

    [Fact]
    public void Should_refuse_an_undo_without_a_queue()
    {
        var error = Assert.Throws<SagaDefinitionException>(Saga(routed: false).Validate);

        Assert.Contains(error.Problems, p => p.Contains("state A, join member Ping: compensation 'UndoA' has no queue; add SendTo(\"queue\", typeof(UndoA))", StringComparison.Ordinal));
    }
}
