using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

/// <summary><c>Timeout(ctx => ..., "description")</c>: the deadline is computed from the saga's data as it enters the state.</summary>
public sealed class When_a_timeout_is_computed
{
    private static AdHocSaga Saga() => new(s =>
    {
        s.CorrelateAll();
        s.Initially<Ping>().Then(ctx => ctx.Data.Value = ctx.Message.Value).GoTo(AdHocStatus.A);
        s.During(AdHocStatus.A)
            .On<Pong>().GoTo(AdHocStatus.Done);
        s.During(AdHocStatus.A)
            .Timeout(ctx => TimeSpan.FromMinutes(ctx.Data.Value), "the customer's SLA").GoTo(AdHocStatus.Broken);
        s.Final(AdHocStatus.Done);
        s.Parked(AdHocStatus.Broken);
    });

    private static SagaInstance<AdHocData, AdHocStatus> Started(AdHocSaga saga, int minutes)
    {
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Ping(id, minutes), Guid.NewGuid(), Clock.T0);
        return instance;
    }

    [Fact]
    public void Should_set_each_sagas_deadline_from_its_own_data()
    {
        var saga = Saga();

        var gold = Started(saga, minutes: 15);
        var bronze = Started(saga, minutes: 240);

        Assert.Equal(Clock.At(TimeSpan.FromMinutes(15)), gold.Deadline!.DueAt);
        Assert.Equal(Clock.At(TimeSpan.FromHours(4)), bronze.Deadline!.DueAt);
        saga.FireDeadline(gold);
        Assert.Equal(AdHocStatus.Broken, gold.Status);
    }

    [Fact]
    public void Should_make_a_time_already_past_due_at_once()
    {
        var instance = Started(Saga(), minutes: -5);

        Assert.Equal(Clock.T0, instance.Deadline!.DueAt);
    }

    [Fact]
    public void Should_label_the_edge_with_the_description()
    {
        var saga = Saga();

        Assert.Contains("A --> Broken : after the customer's SLA", saga.ToMermaid(), StringComparison.Ordinal);
        var state = Assert.Single(saga.Describe().States, s => s.Name == "A");
        Assert.Equal(("the customer's SLA", (TimeSpan?)null), (state.TimeoutDescription, state.Timeout));
    }

    [Fact]
    public void Should_refuse_one_without_a_description_or_beside_a_fixed_one()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).Timeout(_ => TimeSpan.FromMinutes(1), " ").GoTo(AdHocStatus.Done);
            s.During(AdHocStatus.B).Timeout(TimeSpan.FromMinutes(1)).GoTo(AdHocStatus.Done);
            s.During(AdHocStatus.B).Timeout(_ => TimeSpan.FromMinutes(1), "again").GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);

        Assert.Contains(error.Problems, p => p.Contains("state A: a computed Timeout needs a description for the diagrams", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("state B: Timeout is declared twice", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_refuse_one_in_a_parked_state()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Broken);
            s.During(AdHocStatus.Broken).Timeout(_ => TimeSpan.FromMinutes(1), "a while").GoTo(AdHocStatus.A);
            s.Parked(AdHocStatus.Broken);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);

        Assert.Contains(error.Problems, p => p.Contains("state Broken is parked but declares a timeout", StringComparison.Ordinal));
    }
}
