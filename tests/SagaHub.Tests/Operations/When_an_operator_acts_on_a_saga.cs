using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

/// <summary>Operator actions fired at an instance without a store: checked against the definition, audited in history.</summary>
public sealed class When_an_operator_acts_on_a_saga
{
    private static readonly DateTimeOffset Later = Clock.At(TimeSpan.FromHours(1));

    private readonly RepairSaga saga = new();

    private SagaInstance<RepairData, RepairStatus> Charging() => RepairSagaSteps.Charging(saga);

    private SagaInstance<RepairData, RepairStatus> Parked() => RepairSagaSteps.Parked(saga);

    [Fact]
    public void Should_resume_a_parked_saga_in_the_state_named_and_send_its_command_again()
    {
        var instance = Parked();

        var result = saga.Act(instance, SagaAction.Resume("alice", "payments is back", "Charging"), Later);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(RepairStatus.Charging, instance.Status);
        Assert.False(instance.IsParked);
        Assert.Equal([typeof(ChargeRepair)], result.Outgoing.Select(m => m.MessageType));
        Assert.Equal(Later + RepairSaga.StepTimeout, instance.Deadline?.DueAt);
        var audit = result.History[0];
        Assert.Equal(SagaHistoryKind.OperatorAction, audit.Kind);
        Assert.Equal("OperatorResume", audit.Trigger);
        Assert.Equal("Resume Charging by alice: payments is back; sent ChargeRepair", audit.Detail);
        var move = result.History[1];
        Assert.Equal((SagaHistoryKind.Transition, "OnHold", "Charging", "OperatorResume"), (move.Kind, move.From, move.To, move.Trigger));
        Assert.Equal(audit, instance.History[^2]);
    }

    [Fact]
    public void Should_refuse_to_resume_a_parked_saga_without_a_state_naming_the_ones_allowed()
    {
        var instance = Parked();
        var before = instance.History.Count;

        var result = saga.Act(instance, SagaAction.Resume("alice", "try again"), Later);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.Equal("Resume: not allowed in state OnHold; allowed: resume in Booking, Charging, Working; move to Booking, Charging, Working, Done, Cancelled; cancel to Done, Cancelled", result.Reason);
        Assert.Equal(RepairStatus.OnHold, instance.Status);
        Assert.Equal(before + 1, instance.History.Count); // only the rejection row
    }

    [Fact]
    public void Should_retry_the_current_step_when_resumed_without_a_state()
    {
        var instance = Charging();
        var deadline = instance.Deadline!;

        var result = saga.Act(instance, SagaAction.Resume("bob", "the charge was lost"), Later);

        Assert.Equal(RepairStatus.Charging, instance.Status);
        Assert.Equal([typeof(ChargeRepair)], result.Outgoing.Select(m => m.MessageType));
        Assert.NotEqual(deadline.Id, instance.Deadline!.Id);
        Assert.Equal(Later + RepairSaga.StepTimeout, instance.Deadline.DueAt);
    }

    [Fact]
    public void Should_move_to_a_state_the_definition_has_doing_the_exit_and_entry_work()
    {
        var instance = Charging();

        var result = saga.Act(instance, SagaAction.MoveTo("Working", "carol", "charged by phone"), Later);

        Assert.Equal(RepairStatus.Working, instance.Status);
        Assert.Null(instance.Deadline);
        Assert.Equal(Later + RepairSaga.WorkExpected, instance.ExpectedBy);
        Assert.Empty(result.Outgoing);
        Assert.Equal("MoveTo Working by carol: charged by phone; sent nothing", result.History[0].Detail);
    }

    [Theory]
    [InlineData("Nowhere")]
    [InlineData("Compensating")]
    [InlineData("Charging")]
    public void Should_refuse_to_move_to_a_state_that_is_unknown_the_compensating_one_or_the_current_one(string target)
    {
        var instance = Charging();

        var result = saga.Act(instance, SagaAction.MoveTo(target, "carol", "why not"), Later);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.StartsWith($"MoveTo {target}: not allowed in state Charging; allowed: ", result.Reason, StringComparison.Ordinal);
        Assert.Equal(RepairStatus.Charging, instance.Status);
    }

    [Fact]
    public void Should_cancel_by_undoing_the_stack_newest_first_then_end_in_the_final_state()
    {
        var instance = Charging();

        var result = saga.Act(instance, SagaAction.Cancel("Cancelled", "dave", "customer withdrew"), Later);

        Assert.Equal(RepairStatus.Compensating, instance.Status);
        Assert.Equal([typeof(CancelSlot)], result.Outgoing.Select(m => m.MessageType));
        Assert.Equal("Cancel Cancelled by dave: customer withdrew; sent CancelSlot", result.History[0].Detail);
        saga.Fire(instance, new SlotCancelled(instance.Id), null, Later);
        Assert.Equal(RepairStatus.Cancelled, instance.Status);
        Assert.True(instance.IsFinal);
    }

    [Fact]
    public void Should_refuse_to_cancel_into_a_state_that_is_not_final()
    {
        var instance = Charging();

        var result = saga.Act(instance, SagaAction.Cancel("Working", "dave", "oops"), Later);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.Contains("cancel to Done, Cancelled", result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Should_fire_the_deadline_now_as_if_it_had_come_due()
    {
        var instance = Charging();

        var result = saga.Act(instance, SagaAction.FireDeadline("erin", "no need to wait"), Clock.At(TimeSpan.FromMinutes(1)));

        Assert.Equal(RepairStatus.OnHold, instance.Status);
        Assert.Equal([SagaHistoryKind.OperatorAction, SagaHistoryKind.Transition], result.History.Select(h => h.Kind));
        Assert.Equal("Timeout", result.History[1].Trigger);
    }

    [Fact]
    public void Should_reschedule_the_deadline_so_the_old_timer_is_stale()
    {
        var instance = Charging();
        var old = instance.Deadline!;
        var dueAt = Clock.At(TimeSpan.FromHours(3));

        saga.Act(instance, SagaAction.RescheduleDeadline(dueAt, "erin", "payments is slow today"), Later);

        Assert.Equal(dueAt, instance.Deadline!.DueAt);
        Assert.NotEqual(old.Id, instance.Deadline.Id);
        var stale = saga.Fire(instance, new SagaTimeoutElapsed(saga.Name, instance.Id, old.Id, old.DueAt), null, Later);
        Assert.Equal(FireOutcome.Stale, stale.Outcome);
        Assert.Equal(RepairStatus.Charging, instance.Status);
    }

    [Fact]
    public void Should_refuse_every_action_on_a_final_saga()
    {
        var instance = Charging();
        saga.Fire(instance, new RepairCharged(instance.Id), null, Later);
        saga.Fire(instance, new RepairDone(instance.Id), null, Later);

        var result = saga.Act(instance, SagaAction.MoveTo("Working", "frank", "redo"), Later);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.Equal("MoveTo Working: the saga is final in Done", result.Reason);
        Assert.Empty(saga.ActionsFor(instance).MoveTo);
    }

    [Fact]
    public void Should_refuse_an_action_without_who_or_why()
    {
        var instance = Charging();

        Assert.Throws<ArgumentException>(() => saga.Act(instance, SagaAction.Resume(" ", "why"), Later));
        Assert.Throws<ArgumentException>(() => saga.Act(instance, SagaAction.Resume("who", ""), Later));
        Assert.Throws<ArgumentException>(() => saga.Act(instance, new SagaAction { Kind = SagaActionKind.RescheduleDeadline, By = "who", Reason = "why" }, Later));
    }

    [Fact]
    public void Should_reassign_the_open_task_keeping_its_due_time()
    {
        var refunds = new TestRefundSaga();
        var instance = refunds.NewInstance(Guid.NewGuid());
        refunds.Fire(instance, new RequestRefund(instance.Id, 10m), null, Clock.T0);
        var before = refunds.ToSnapshot(instance);

        var result = refunds.Act(instance, SagaAction.ReassignTask("finance-2", "lead", "on holiday"), Later);

        Assert.Equal(("finance-2", before.Task!.DueAt, HumanTaskStatus.Open), (instance.Task!.Assignee, instance.Task.DueAt, instance.Task.Status));
        Assert.Equal("ReassignTask to finance-2 by lead: on holiday; sent nothing", result.History[0].Detail);
        var change = Assert.Single(HumanTaskChange.Between(before, refunds.ToSnapshot(instance)));
        Assert.Equal((HumanTaskChangeKind.Updated, "finance-2"), (change.Kind, change.Task.Assignee));
    }

    [Fact]
    public void Should_refuse_to_reassign_when_no_task_is_open()
    {
        var instance = Charging();

        var result = saga.Act(instance, SagaAction.ReassignTask("finance-2", "lead", "on holiday"), Later);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.False(saga.ActionsFor(instance).HasOpenTask);
    }
}
