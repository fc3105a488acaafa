using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

/// <summary>
/// A saga in flight holds an undo command on its stack that the running definition no longer declares (renamed or removed in a
/// deploy): compensation parks it in the failure state with a reason naming the saga, the state and the type, and keeps the
/// command on the stack; it never throws a bare <see cref="KeyNotFoundException"/> on every delivery.
/// </summary>
public sealed class When_an_undo_command_is_no_longer_declared
{
    private const string Renamed = "SagaHub.Tests.Sagas.UndoAOld";

    private readonly AdHocSaga saga = new(s =>
    {
        s.CorrelateAll();
        s.SendTo("undo", typeof(UndoA));
        s.Initially<Go>().CompensateWith(ctx => new UndoA(ctx.SagaId)).GoTo(AdHocStatus.A);
        s.During(AdHocStatus.A).On<Ping>().Compensate().GoTo(AdHocStatus.Done);
        s.Compensating(AdHocStatus.Undoing)
            .Confirm<UndoA, Pong>()
            .OnFailure(AdHocStatus.Broken);
        s.Final(AdHocStatus.Done);
        s.Parked(AdHocStatus.Broken);
    });

    [Fact]
    public void Should_park_in_the_failure_state_naming_the_saga_state_and_type()
    {
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id), Guid.NewGuid(), Clock.T0);
        instance.CompensationStack[0] = instance.CompensationStack[0] with { MessageType = Renamed }; // pushed by an older definition

        var result = saga.Fire(instance, new Ping(id, 1), Guid.NewGuid(), Clock.At(TimeSpan.FromMinutes(1)));

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(AdHocStatus.Broken, instance.Status);
        var parked = result.History[^1];
        Assert.Equal(("Undoing", "Broken"), (parked.From, parked.To));
        Assert.Equal($"compensation failed: undo command '{Renamed}' (undoes Go) is not a compensation saga 'AdHocSaga' declares any more (state Undoing); declare its CompensateWith again, or migrate the saga", parked.Detail);
        Assert.Equal(Renamed, Assert.Single(instance.Compensations).MessageType);
        Assert.Null(instance.Compensating);
    }
}
