using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

/// <summary><c>During(A, B).On&lt;T&gt;()</c>: one declaration, the same transition in each state, one diagram edge per state.</summary>
public sealed class When_one_transition_leaves_several_states
{
    private static AdHocSaga Saga() => new(s =>
    {
        s.CorrelateAll();
        s.Initially<Go>().GoTo(AdHocStatus.A);
        s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.B);
        s.During(AdHocStatus.B).On<Ping>().GoTo(AdHocStatus.C);
        s.During(AdHocStatus.C).On<Ping>().GoTo(AdHocStatus.Done);
        s.During(AdHocStatus.A, AdHocStatus.B, AdHocStatus.C)
            .On<Pong>().Then(ctx => ctx.Data.Value = -1).GoTo(AdHocStatus.Broken)
            .Ignore<UndoA>();
        s.Final(AdHocStatus.Done);
        s.Parked(AdHocStatus.Broken);
    });

    [Theory]
    [InlineData(0, "A")]
    [InlineData(1, "B")]
    [InlineData(2, "C")]
    public void Should_take_the_shared_transition_from_each_state(int pings, string from)
    {
        var saga = Saga();
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id), Guid.NewGuid(), Clock.T0);
        for (var i = 0; i < pings; i++)
        {
            saga.Fire(instance, new Ping(id, i), Guid.NewGuid(), Clock.T0);
        }

        Assert.Equal(FireOutcome.Ignored, saga.Fire(instance, new UndoA(id), Guid.NewGuid(), Clock.T0).Outcome);
        var result = saga.Fire(instance, new Pong(id), Guid.NewGuid(), Clock.T0);

        Assert.Equal(AdHocStatus.Broken, instance.Status);
        Assert.Equal(-1, instance.Data.Value);
        Assert.Contains(result.History, h => h is { Kind: SagaHistoryKind.Transition, Trigger: "Pong", To: "Broken" } && h.From == from);
    }

    [Fact]
    public void Should_draw_one_edge_per_state()
    {
        var saga = Saga();
        saga.Validate();

        var mermaid = saga.ToMermaid();

        Assert.Contains("A --> Broken : Pong", mermaid, StringComparison.Ordinal);
        Assert.Contains("B --> Broken : Pong", mermaid, StringComparison.Ordinal);
        Assert.Contains("C --> Broken : Pong", mermaid, StringComparison.Ordinal);
        Assert.Equal(["A", "B", "C"], saga.Describe().Transitions.Where(t => t.TriggerName == "Pong").Select(t => t.From));
    }

    [Fact]
    public void Should_name_every_state_of_the_block_in_a_declaration_error()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A, AdHocStatus.B).On<Pong>().GoTo(AdHocStatus.Done).GoTo(AdHocStatus.C);
            s.During(AdHocStatus.A, AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);

        Assert.Contains(error.Problems, p => p.Contains("state A, B, trigger Pong: the target is declared twice", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("During(A, A) names a state twice", StringComparison.Ordinal));
    }
}
