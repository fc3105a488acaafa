using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

public class When_a_saga_moves_between_states
{
    private readonly TraceSaga saga = new();
    private readonly Guid id = Guid.NewGuid();

    private SagaInstance<TraceData, TraceStatus> Started()
    {
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Begin(id), Guid.NewGuid(), Clock.T0);
        return instance;
    }

    [Fact]
    public void Should_run_the_initial_Then_before_the_first_entry_action()
    {
        var instance = Started();

        Assert.Equal(["then:Begin", "enter:First"], instance.Data.Log);
    }

    [Fact]
    public void Should_run_Then_then_exit_of_the_old_state_then_entry_of_the_new()
    {
        var instance = Started();
        instance.Data.Log.Clear();

        saga.Fire(instance, new Advance(id), Guid.NewGuid(), Clock.T0);

        Assert.Equal(["then:Advance", "exit:First", "enter:Second"], instance.Data.Log);
    }

    [Fact]
    public void Should_send_in_the_order_the_actions_ran()
    {
        var instance = Started();

        var result = saga.Fire(instance, new Advance(id), Guid.NewGuid(), Clock.T0);

        Assert.Equal(
            [new TraceCommand(id, "then"), new TraceCommand(id, "enter")],
            result.Outgoing.Select(o => o.Message));
        Assert.All(result.Outgoing, o => Assert.Equal("trace", o.Destination));
    }

    [Fact]
    public void Should_stay_without_exit_or_entry_and_keep_the_deadline()
    {
        var instance = Started();
        var deadline = instance.Deadline;
        Assert.NotNull(deadline);
        instance.Data.Log.Clear();

        var result = saga.Fire(instance, new Poke(id), Guid.NewGuid(), Clock.At(TimeSpan.FromMinutes(3)));

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.True(result.Changed);
        Assert.False(result.Moved);
        Assert.Equal(TraceStatus.First, instance.Status);
        Assert.Equal(deadline, instance.Deadline);
        Assert.Equal(["then:Poke"], instance.Data.Log);
        var row = Assert.Single(result.History);
        Assert.True(row is { Kind: SagaHistoryKind.Stayed, From: "First", To: "First", Trigger: "Poke", Sequence: 2 }, HistoryText.Of(instance));
    }

    [Fact]
    public void Should_let_the_kept_deadline_fire_after_staying()
    {
        var instance = Started();
        saga.Fire(instance, new Poke(id), Guid.NewGuid(), Clock.At(TimeSpan.FromMinutes(3)));

        var result = saga.FireDeadline(instance);

        Assert.Equal(TraceStatus.Done, instance.Status);
        Assert.Equal(Clock.T0 + TraceSaga.FirstTimeout, result.History.Single().At);
    }

    [Fact]
    public void Should_run_the_exit_action_but_no_entry_when_the_timeout_ends_the_saga()
    {
        var instance = Started();
        instance.Data.Log.Clear();

        saga.FireDeadline(instance);

        Assert.Equal(["exit:First"], instance.Data.Log);
        Assert.True(instance.IsFinal);
    }
}

public class When_the_same_message_is_fired_twice
{
    [Fact]
    public void Should_give_outgoing_messages_the_same_ids_on_identical_instances()
    {
        var saga = new TraceSaga();
        var id = Guid.NewGuid();
        var begin = Guid.NewGuid();
        var advance = Guid.NewGuid();
        var one = saga.NewInstance(id);
        var two = saga.NewInstance(id);
        saga.Fire(one, new Begin(id), begin, Clock.T0);
        saga.Fire(two, new Begin(id), begin, Clock.T0);
        Assert.NotNull(one.Deadline);
        Assert.Equal(one.Deadline, two.Deadline);

        var first = saga.Fire(one, new Advance(id), advance, Clock.T0);
        var second = saga.Fire(two, new Advance(id), advance, Clock.T0);

        Assert.Equal(2, first.Outgoing.Count);
        Assert.Equal(first.Outgoing.Select(o => o.MessageId), second.Outgoing.Select(o => o.MessageId));
        Assert.NotEqual(first.Outgoing[0].MessageId, first.Outgoing[1].MessageId);
    }

    [Fact]
    public void Should_give_different_ids_for_a_different_message_id()
    {
        var saga = new TraceSaga();
        var id = Guid.NewGuid();
        var one = saga.NewInstance(id);
        var two = saga.NewInstance(id);
        saga.Fire(one, new Begin(id), Guid.NewGuid(), Clock.T0);
        saga.Fire(two, new Begin(id), Guid.NewGuid(), Clock.T0);
        Assert.NotNull(one.Deadline);
        Assert.NotEqual(one.Deadline.Id, two.Deadline?.Id);

        var first = saga.Fire(one, new Advance(id), Guid.NewGuid(), Clock.T0);
        var second = saga.Fire(two, new Advance(id), Guid.NewGuid(), Clock.T0);

        Assert.Equal(2, first.Outgoing.Count);
        Assert.Empty(first.Outgoing.Select(o => o.MessageId).Intersect(second.Outgoing.Select(o => o.MessageId)));
    }

    [Fact]
    public void Should_give_different_ids_for_a_different_saga()
    {
        var saga = new TestOrderSaga();
        var messageId = Guid.NewGuid();
        var a = Guid.NewGuid();
        var b = Guid.NewGuid();

        var first = saga.Fire(saga.NewInstance(a), new SubmitOrder(a, 1m), messageId, Clock.T0);
        var second = saga.Fire(saga.NewInstance(b), new SubmitOrder(b, 1m), messageId, Clock.T0);

        Assert.NotEqual(first.Outgoing.Single().MessageId, second.Outgoing.Single().MessageId);
    }

    [Fact]
    public void Should_give_the_human_task_the_same_id_on_identical_instances()
    {
        var saga = new TestRefundSaga();
        var id = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var one = saga.NewInstance(id);
        var two = saga.NewInstance(id);

        saga.Fire(one, new RequestRefund(id, 1m), messageId, Clock.T0);
        saga.Fire(two, new RequestRefund(id, 1m), messageId, Clock.T0);

        Assert.Equal(one.Task, two.Task);
        Assert.Equal(one.Deadline, two.Deadline);
        Assert.NotEqual(one.Task?.TaskId, one.Deadline?.Id);
    }
}
