using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

public class When_a_trigger_has_guards
{
    private readonly GuardSaga saga = new();
    private readonly Guid accountId = Guid.NewGuid();

    private SagaInstance<GuardData, GuardStatus> Opened()
    {
        var instance = saga.NewInstance(accountId);
        saga.Fire(instance, new OpenAccount(accountId), Guid.NewGuid(), Clock.T0);
        return instance;
    }

    [Theory]
    [InlineData(150, GuardStatus.Large, "amount above 100")]
    [InlineData(-5, GuardStatus.Refused, "negative amount")]
    public void Should_take_the_branch_whose_guard_holds(int amount, GuardStatus expected, string reason)
    {
        var instance = Opened();

        var result = saga.Fire(instance, new Deposit(accountId, amount), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(expected, instance.Status);
        var row = Assert.Single(result.History);
        Assert.True(row is { Kind: SagaHistoryKind.Transition, From: "Open", Trigger: "Deposit" }, HistoryText.Of(instance));
        Assert.Equal(expected.ToString(), row.To);
        Assert.Equal(reason, row.Detail);
    }

    [Fact]
    public void Should_take_Otherwise_when_no_guard_holds()
    {
        var instance = Opened();

        var result = saga.Fire(instance, new Deposit(accountId, 50), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(GuardStatus.Small, instance.Status);
        var row = Assert.Single(result.History);
        Assert.True(row is { Kind: SagaHistoryKind.Transition, From: "Open", To: "Small", Detail: "otherwise" }, HistoryText.Of(instance));
    }

    [Fact]
    public void Should_reject_with_the_guard_reason_when_a_lone_guard_fails()
    {
        var instance = Opened();

        var result = saga.Fire(instance, new Verify(accountId, Passed: false), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.NotNull(result.Reason);
        Assert.Contains("verification passed", result.Reason, StringComparison.Ordinal);
        Assert.Equal("no guard held in state Open: not (verification passed)", result.Reason);
        Assert.Equal(GuardStatus.Open, instance.Status);
        var row = Assert.Single(result.History);
        Assert.True(row is { Kind: SagaHistoryKind.Rejected, Trigger: "Verify" }, HistoryText.Of(instance));
        Assert.Equal(result.Reason, row.Detail);
    }

    [Fact]
    public void Should_take_a_lone_guarded_transition_when_its_guard_holds()
    {
        var instance = Opened();

        var result = saga.Fire(instance, new Verify(accountId, Passed: true), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(GuardStatus.Verified, instance.Status);
    }

    [Fact]
    public void Should_throw_SagaExecutionException_when_two_guards_hold()
    {
        var instance = Opened();
        var rows = instance.History.Count;

        var ex = Assert.Throws<SagaExecutionException>(() => saga.Fire(instance, new Classify(accountId, 20), Guid.NewGuid(), Clock.T0));

        Assert.Contains("score positive", ex.Message, StringComparison.Ordinal);
        Assert.Contains("score above ten", ex.Message, StringComparison.Ordinal);
        Assert.Equal(GuardStatus.Open, instance.Status);
        Assert.Equal(rows, instance.History.Count);
    }

    [Fact]
    public void Should_take_the_single_holding_guard_among_overlapping_ones()
    {
        var instance = Opened();

        var result = saga.Fire(instance, new Classify(accountId, 5), Guid.NewGuid(), Clock.T0);

        Assert.Equal(GuardStatus.High, instance.Status);
        Assert.Equal("score positive", Assert.Single(result.History).Detail);
    }

    [Fact]
    public void Should_drop_whatever_a_guard_sends_or_publishes()
    {
        var instance = Opened();

        var result = saga.Fire(instance, new Audit(accountId), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(GuardStatus.Audited, instance.Status);
        Assert.Equal(1, instance.Data.GuardCalls);
        Assert.Empty(result.Outgoing);
    }
}
