using SagaHub.Tests.Sagas;
using SagaHub.Tests.Support;

namespace SagaHub.Tests;

public class When_a_state_waits_for_a_person
{
    private readonly TestRefundSaga saga = new();
    private readonly Guid refundId = Guid.NewGuid();

    private SagaInstance<TestRefundData, TestRefundStatus> Waiting(out FireResult started)
    {
        var instance = saga.NewInstance(refundId);
        started = saga.Fire(instance, new RequestRefund(refundId, 42m), Guid.NewGuid(), Clock.T0);
        return instance;
    }

    private HumanTaskCompleted Decision(SagaInstance<TestRefundData, TestRefundStatus> instance, bool approved, string by = "alice") =>
        new(saga.Name, instance.Id, instance.Task!.TaskId, approved, by, null);

    [Fact]
    public void Should_create_an_open_task_on_entering_the_state()
    {
        var instance = Waiting(out var started);

        var task = instance.Task;
        Assert.NotNull(task);
        Assert.Equal(HumanTaskStatus.Open, task.Status);
        Assert.Equal(TestRefundSaga.TaskName, task.Name);
        Assert.Equal("finance", task.Assignee);
        Assert.Equal("finance-lead", task.EscalateTo);
        Assert.Equal("TestRefundSaga", task.SagaType);
        Assert.Equal(refundId, task.SagaId);
        Assert.Equal("AwaitingApproval", task.State);
        Assert.Equal(Clock.T0, task.CreatedAt);
        Assert.Equal(Clock.T0 + TestRefundSaga.DueIn, task.DueAt);
        Assert.Null(task.ExpiresAt);
        Assert.False(task.Escalated);
        Assert.Null(task.DecidedBy);
        Assert.Null(task.ClosedAt);
        Assert.NotEqual(Guid.Empty, task.TaskId);

        Assert.NotNull(instance.Deadline);
        Assert.Equal(SagaDeadlineKind.TaskEscalation, instance.Deadline.Kind);
        Assert.Equal(Clock.T0 + TestRefundSaga.DueIn, instance.Deadline.DueAt);

        var history = HistoryText.Of(instance);
        Assert.Equal([SagaHistoryKind.Transition, SagaHistoryKind.TaskCreated], HistoryText.Kinds(started.History));
        Assert.True(started.History[1] is { From: "AwaitingApproval", Trigger: "RequestRefund" }, history);
        Assert.StartsWith("'Approve refund' for finance, due ", started.History[1].Detail, StringComparison.Ordinal);
        Assert.Empty(started.Outgoing);
    }

    [Fact]
    public void Should_take_the_approved_transition_on_approval()
    {
        var instance = Waiting(out _);
        var at = Clock.At(TimeSpan.FromHours(3));

        var result = saga.Fire(instance, Decision(instance, approved: true), Guid.NewGuid(), at);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(TestRefundStatus.Approved, instance.Status);
        Assert.True(result.History.Single() is { Kind: SagaHistoryKind.Transition, From: "AwaitingApproval", To: "Approved", Trigger: "Approved" }, HistoryText.Of(instance));
        Assert.Equal(HumanTaskStatus.Approved, instance.Task?.Status);
        Assert.Equal("alice", instance.Task?.DecidedBy);
        Assert.Equal(at, instance.Task?.ClosedAt);
        Assert.Null(instance.Deadline);
        var issue = Assert.Single(result.Outgoing);
        Assert.Equal(new IssueRefund(refundId, 42m), issue.Message);
        Assert.Equal("payments", issue.Destination);
    }

    [Fact]
    public void Should_take_the_rejected_transition_on_rejection()
    {
        var instance = Waiting(out _);

        var result = saga.Fire(instance, Decision(instance, approved: false, by: "bob"), Guid.NewGuid(), Clock.T0);

        Assert.Equal(TestRefundStatus.Denied, instance.Status);
        Assert.True(instance.IsFinal);
        Assert.True(result.History.Single() is { To: "Denied", Trigger: "Rejected" }, HistoryText.Of(instance));
        Assert.Equal(HumanTaskStatus.Rejected, instance.Task?.Status);
        Assert.Equal("bob", instance.Task?.DecidedBy);
        Assert.Empty(result.Outgoing);
    }

    [Fact]
    public void Should_escalate_when_the_task_is_past_due()
    {
        var instance = Waiting(out _);
        var due = Clock.T0 + TestRefundSaga.DueIn;

        var result = saga.FireDeadline(instance);

        var history = HistoryText.Of(instance);
        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(TestRefundStatus.AwaitingApproval, instance.Status);
        var row = Assert.Single(result.History);
        Assert.True(row is { Kind: SagaHistoryKind.TaskEscalated, From: "AwaitingApproval", Trigger: "Escalated" }, history);
        Assert.Equal("'Approve refund' past due; reassigned from finance to finance-lead", row.Detail);

        var task = instance.Task!;
        Assert.Equal(HumanTaskStatus.Open, task.Status);
        Assert.True(task.Escalated);
        Assert.Equal("finance-lead", task.Assignee);
        Assert.Equal(due + TestRefundSaga.ExpireAfter, task.ExpiresAt);

        var notify = Assert.Single(result.Outgoing);
        Assert.Equal(new NotifyEscalation(refundId, "finance-lead"), notify.Message);
        Assert.Equal("notifications", notify.Destination);

        Assert.NotNull(instance.Deadline);
        Assert.Equal(SagaDeadlineKind.TaskExpiry, instance.Deadline.Kind);
        Assert.Equal(due + TestRefundSaga.ExpireAfter, instance.Deadline.DueAt);
    }

    [Fact]
    public void Should_expire_when_the_escalated_task_runs_out_of_time()
    {
        var instance = Waiting(out _);
        saga.FireDeadline(instance);
        var expiry = instance.Deadline!.DueAt;

        var result = saga.FireDeadline(instance);

        Assert.Equal(FireOutcome.Applied, result.Outcome);
        Assert.Equal(TestRefundStatus.Expired, instance.Status);
        Assert.True(result.History.Single() is { Kind: SagaHistoryKind.Transition, From: "AwaitingApproval", To: "Expired", Trigger: "Expired" }, HistoryText.Of(instance));
        Assert.Equal(HumanTaskStatus.Expired, instance.Task?.Status);
        Assert.Equal(expiry, instance.Task?.ClosedAt);
        Assert.Null(instance.Deadline);
        Assert.Empty(result.Outgoing);
    }

    [Fact]
    public void Should_still_accept_a_decision_after_escalation()
    {
        var instance = Waiting(out _);
        saga.FireDeadline(instance);

        saga.Fire(instance, Decision(instance, approved: true, by: "lead"), Guid.NewGuid(), Clock.T0);

        Assert.Equal(TestRefundStatus.Approved, instance.Status);
        Assert.Equal("lead", instance.Task?.DecidedBy);
    }

    [Fact]
    public void Should_reject_a_decision_for_another_task()
    {
        var instance = Waiting(out _);
        var wrong = Guid.NewGuid();

        var result = saga.Fire(instance, new HumanTaskCompleted(saga.Name, refundId, wrong, true, "mallory", null), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.Equal($"task {wrong} is not open in state AwaitingApproval", result.Reason);
        Assert.Equal(TestRefundStatus.AwaitingApproval, instance.Status);
        Assert.Equal(HumanTaskStatus.Open, instance.Task?.Status);
        Assert.Null(instance.Task?.DecidedBy);
        Assert.True(result.History.Single() is { Kind: SagaHistoryKind.Rejected, Trigger: "HumanTaskCompleted" }, HistoryText.Of(instance));
    }

    [Fact]
    public void Should_reject_a_second_decision_for_a_closed_task()
    {
        var instance = Waiting(out _);
        var decision = Decision(instance, approved: true);
        saga.Fire(instance, decision, Guid.NewGuid(), Clock.T0);

        var result = saga.Fire(instance, decision with { Approved = false, By = "bob" }, Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.Equal($"task {decision.TaskId} is not open in state Approved", result.Reason);
        Assert.Equal(TestRefundStatus.Approved, instance.Status);
        Assert.Equal(HumanTaskStatus.Approved, instance.Task?.Status);
        Assert.Equal("alice", instance.Task?.DecidedBy);
        Assert.Empty(result.Outgoing);
    }

    [Fact]
    public void Should_cancel_the_task_when_the_state_is_left_another_way()
    {
        var instance = Waiting(out _);
        var at = Clock.At(TimeSpan.FromHours(1));

        saga.Fire(instance, new RefundWithdrawn(refundId), Guid.NewGuid(), at);

        Assert.Equal(TestRefundStatus.Withdrawn, instance.Status);
        Assert.Equal(HumanTaskStatus.Cancelled, instance.Task?.Status);
        Assert.Equal(at, instance.Task?.ClosedAt);
        Assert.Null(instance.Task?.DecidedBy);
        Assert.Null(instance.Deadline);
    }

    [Fact]
    public void Should_treat_the_escalation_deadline_as_stale_once_decided()
    {
        var instance = Waiting(out _);
        var escalation = instance.Deadline!;
        saga.Fire(instance, Decision(instance, approved: true), Guid.NewGuid(), Clock.T0);
        var rows = instance.History.Count;

        var result = saga.Fire(instance, new SagaTimeoutElapsed(saga.Name, refundId, escalation.Id, escalation.DueAt), Guid.NewGuid(), escalation.DueAt);

        Assert.Equal(FireOutcome.Stale, result.Outcome);
        Assert.Equal(rows, instance.History.Count);
        Assert.Equal("finance", instance.Task?.Assignee);
    }
}

public class When_a_task_without_escalation_is_past_due
{
    [Fact]
    public void Should_expire_at_the_due_time()
    {
        var saga = new AdHocSaga(s =>
        {
            s.CorrelateAll();
            s.Initially<Go>().GoTo(AdHocStatus.A);
            s.During(AdHocStatus.A)
                .WaitForPerson("Check", t => t.AssignTo("ops").DueIn(TimeSpan.FromHours(4)))
                .OnApproved().GoTo(AdHocStatus.Done)
                .OnRejected().GoTo(AdHocStatus.Done)
                .OnExpired().GoTo(AdHocStatus.Broken);
            s.Final(AdHocStatus.Done, AdHocStatus.Broken);
        });
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id), Guid.NewGuid(), Clock.T0);
        Assert.Equal(SagaDeadlineKind.TaskExpiry, instance.Deadline?.Kind);
        Assert.Equal(Clock.T0 + TimeSpan.FromHours(4), instance.Task?.ExpiresAt);

        var result = saga.FireDeadline(instance);

        Assert.Equal(AdHocStatus.Broken, instance.Status);
        Assert.Equal(HumanTaskStatus.Expired, instance.Task?.Status);
        Assert.True(result.History.Single() is { Trigger: "Expired", To: "Broken" }, HistoryText.Of(instance));
    }
}

public class When_a_guarded_approval_is_rejected
{
    private static AdHocSaga GuardedTask() => new(s =>
    {
        s.CorrelateAll();
        s.Initially<Go>().Then(ctx => ctx.Data.Value = 5000).GoTo(AdHocStatus.A);
        s.During(AdHocStatus.A)
            .WaitForPerson("Check", t => t.AssignTo("ops").DueIn(TimeSpan.FromHours(4)))
            .OnApproved().If(ctx => ctx.Data.Value < 1000, "value below 1000").GoTo(AdHocStatus.Done)
            .OnRejected().GoTo(AdHocStatus.Done)
            .OnExpired().GoTo(AdHocStatus.Broken);
        s.Final(AdHocStatus.Done, AdHocStatus.Broken);
    });

    [Fact]
    public void Should_leave_the_task_open_when_the_approval_guard_fails()
    {
        var saga = GuardedTask();
        var id = Guid.NewGuid();
        var instance = saga.NewInstance(id);
        saga.Fire(instance, new Go(id), Guid.NewGuid(), Clock.T0);
        var task = instance.Task!;

        var result = saga.Fire(instance, new HumanTaskCompleted(saga.Name, id, task.TaskId, true, "alice", null), Guid.NewGuid(), Clock.T0);

        Assert.Equal(FireOutcome.Rejected, result.Outcome);
        Assert.Equal(AdHocStatus.A, instance.Status);
        // Rejected means only a Rejected row was added: the task must still be open and decidable.
        Assert.Equal(task, instance.Task);
    }
}
