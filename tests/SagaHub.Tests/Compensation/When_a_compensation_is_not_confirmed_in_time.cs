using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

public class When_a_compensation_is_not_confirmed_in_time
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private readonly AdHocSaga saga = new(s =>
    {
        s.CorrelateAll();
        s.SendTo("undo", typeof(UndoA));
        s.Initially<Go>().CompensateWith(ctx => new UndoA(ctx.SagaId)).GoTo(AdHocStatus.A);
        s.During(AdHocStatus.A).On<Ping>().Compensate().GoTo(AdHocStatus.Done);
        s.Compensating(AdHocStatus.Undoing)
            .Confirm<UndoA, Pong>()
            .Timeout(Limit)
            .OnFailure(AdHocStatus.Broken, ctx => ctx.Data.Value = -1);
        s.Final(AdHocStatus.Done, AdHocStatus.Broken);
    });

    private readonly Guid id = Guid.NewGuid();

    private SagaInstance<AdHocData, AdHocStatus> Undoing(DateTimeOffset at)
    {
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id), Guid.NewGuid(), Clock.T0);
        saga.Fire(instance, new Ping(id, 1), Guid.NewGuid(), at);
        Assert.True(instance.Status == AdHocStatus.Undoing, HistoryText.Of(instance));
        return instance;
    }

    [Fact]
    public void Should_set_a_deadline_per_issued_compensation()
    {
        var at = Clock.At(TimeSpan.FromMinutes(1));

        var instance = Undoing(at);

        Assert.NotNull(instance.Deadline);
        Assert.Equal(SagaDeadlineKind.Timeout, instance.Deadline.Kind);
        Assert.Equal(at + Limit, instance.Deadline.DueAt);
    }

    [Fact]
    public void Should_fail_the_compensation_when_the_deadline_fires()
    {
        var instance = Undoing(Clock.T0);

        var result = saga.FireDeadline(instance);

        Assert.Equal(AdHocStatus.Broken, instance.Status);
        Assert.Equal(-1, instance.Data.Value);
        Assert.Null(instance.Compensating);
        Assert.Null(instance.Deadline);
        var row = Assert.Single(result.History);
        Assert.True(row is { Kind: SagaHistoryKind.Transition, From: "Undoing", To: "Broken", Trigger: "Timeout" }, HistoryText.Of(instance));
        Assert.Equal("compensation failed: no confirmation of UndoA in time", row.Detail);
        Assert.Equal(typeof(UndoA).FullName, Assert.Single(instance.Compensations).MessageType);
    }

    [Fact]
    public void Should_clear_the_deadline_when_the_confirmation_arrives()
    {
        var instance = Undoing(Clock.T0);

        var result = saga.Fire(instance, new Pong(id), Guid.NewGuid(), Clock.At(TimeSpan.FromMinutes(2)));

        Assert.Equal(AdHocStatus.Done, instance.Status);
        Assert.Null(instance.Deadline);
        Assert.Equal([SagaHistoryKind.Compensated, SagaHistoryKind.Transition], HistoryText.Kinds(result.History));
    }
}
