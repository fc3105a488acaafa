using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

/// <summary>
/// A guarded timeout: <c>Timeout(t).If(...)</c> with <c>OnTimeout().Otherwise()</c> takes one branch or the other when the deadline
/// fires; a guarded deadline branch with nothing to fall back on is refused, since a spent deadline leaves the saga waiting with none.
/// </summary>
public sealed class When_a_timeout_is_guarded
{
    private static AdHocSaga Saga() => new(s =>
    {
        s.CorrelateAll();
        s.Initially<Go>().GoTo(AdHocStatus.A);
        s.During(AdHocStatus.A)
            .On<Ping>().Then(ctx => ctx.Data.Value = ctx.Message.Value).Stay();
        s.During(AdHocStatus.A)
            .Timeout(TimeSpan.FromMinutes(5)).If(ctx => ctx.Data.Value > 0, "something arrived").GoTo(AdHocStatus.B);
        s.During(AdHocStatus.A)
            .OnTimeout().Otherwise().GoTo(AdHocStatus.Broken);
        s.During(AdHocStatus.B).On<Pong>().GoTo(AdHocStatus.Done);
        s.Final(AdHocStatus.Done);
        s.Parked(AdHocStatus.Broken);
    });

    private static (AdHocSaga Saga, SagaInstance<AdHocData, AdHocStatus> Instance) Started(int? ping)
    {
        var saga = Saga();
        saga.Validate();
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id), Guid.NewGuid(), Clock.T0);
        if (ping is { } value)
        {
            saga.Fire(instance, new Ping(id, value), Guid.NewGuid(), Clock.At(TimeSpan.FromMinutes(1)));
        }

        return (saga, instance);
    }

    [Fact]
    public void Should_take_the_guarded_branch_when_its_guard_holds()
    {
        var (saga, instance) = Started(ping: 3);

        var result = saga.FireDeadline(instance);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(AdHocStatus.B, instance.Status);
        Assert.Contains(result.History, h => h is { Trigger: "Timeout", From: "A", To: "B" } && h.Detail == "something arrived");
    }

    [Fact]
    public void Should_take_the_otherwise_branch_when_the_guard_fails()
    {
        var (saga, instance) = Started(ping: null);

        var result = saga.FireDeadline(instance);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(AdHocStatus.Broken, instance.Status);
        Assert.Contains(result.History, h => h is { Trigger: "Timeout", From: "A", To: "Broken" } && h.Detail == "otherwise");
    }

    [Fact]
    public void Should_draw_one_edge_per_branch()
    {
        var mermaid = Saga().ToMermaid();

        Assert.Contains("A --> B : after 5m [something arrived]", mermaid, StringComparison.Ordinal);
        Assert.Contains("A --> Broken : after 5m [otherwise]", mermaid, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_refuse_a_state_whose_only_timeout_branch_is_guarded()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Done);
            s.During(AdHocStatus.A).Timeout(TimeSpan.FromMinutes(5)).If(ctx => ctx.Data.Value > 0, "something arrived").GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);

        Assert.Contains(error.Problems, p => p.Contains("state A, trigger Timeout: its only branch is guarded (If 'something arrived')", StringComparison.Ordinal)
            && p.Contains("add OnTimeout().Otherwise()", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_refuse_a_task_whose_only_expiry_branch_is_guarded()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A)
                .WaitForPerson("approve", t => t.AssignTo("finance").DueIn(TimeSpan.FromHours(1)).ExpireAfter(TimeSpan.FromHours(2)))
                .OnApproved().GoTo(AdHocStatus.Done)
                .OnRejected().GoTo(AdHocStatus.Done)
                .OnExpired().If(ctx => ctx.Data.Value > 0, "worth a reminder").GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);

        Assert.Contains(error.Problems, p => p.Contains("trigger Expired: its only branch is guarded", StringComparison.Ordinal)
            && p.Contains("add OnExpired().Otherwise()", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_refuse_OnTimeout_without_a_Timeout()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).OnTimeout().GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);

        Assert.Contains(error.Problems, p => p.Contains("state A: OnTimeout() adds a branch to the state's Timeout(after); declare Timeout(after) first", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_refuse_an_ignore_in_a_final_state()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().GoTo(AdHocStatus.Done);
            s.During(AdHocStatus.Done).Ignore<Pong>();
            s.Final(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);

        Assert.Contains(error.Problems, p => p.Contains("state Done is final but declares Ignore<Pong>()", StringComparison.Ordinal));
    }
}

/// <summary><c>Otherwise("label")</c>: the fallback branch carries its meaning into the diagrams and the history.</summary>
public sealed class When_an_otherwise_branch_has_a_label
{
    private static AdHocSaga Saga() => new(s =>
    {
        s.CorrelateAll();
        s.Initially<Go>().GoTo(AdHocStatus.A);
        s.During(AdHocStatus.A)
            .On<Ping>().If(ctx => ctx.Message.Value > 0, "in stock").GoTo(AdHocStatus.Done);
        s.During(AdHocStatus.A)
            .On<Ping>().Otherwise("out of stock").GoTo(AdHocStatus.Broken);
        s.Final(AdHocStatus.Done);
        s.Parked(AdHocStatus.Broken);
    });

    [Fact]
    public void Should_show_the_label_in_the_diagrams()
    {
        var saga = Saga();
        saga.Validate();

        Assert.Contains("A --> Broken : Ping [out of stock]", saga.ToMermaid(), StringComparison.Ordinal);
        var edge = Assert.Single(saga.Describe().Transitions, t => t.Target == "Broken");
        Assert.True(edge.IsOtherwise);
        Assert.Equal("out of stock", edge.GuardReason);
    }

    [Fact]
    public void Should_write_the_label_in_the_history_when_taken()
    {
        var saga = Saga();
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id), Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, new Ping(id, 0), Guid.NewGuid(), Clock.T0);

        Assert.Equal(AdHocStatus.Broken, instance.Status);
        Assert.Equal("out of stock", Assert.Single(result.History).Detail);
    }

    [Fact]
    public void Should_refuse_an_empty_label()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A).On<Ping>().If(ctx => ctx.Message.Value > 0, "in stock").GoTo(AdHocStatus.Done);
            s.During(AdHocStatus.A).On<Ping>().Otherwise(" ").GoTo(AdHocStatus.Done);
            s.Final(AdHocStatus.Done);
        });

        var error = Assert.Throws<SagaDefinitionException>(saga.Validate);
        Assert.Contains(error.Problems, p => p.Contains("Otherwise(label) needs a label", StringComparison.Ordinal));
    }
}
