namespace SagaHub.Tests;

/// <summary>What the runtime tells the store about a step's human tasks (<see cref="HumanTaskChange.Between"/>).</summary>
public class HumanTaskChangeTests
{
    private static readonly DateTimeOffset At = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static HumanTask OpenTask(string assignee = "finance") =>
        new(Guid.NewGuid(), "TestRefundSaga", Guid.Empty, "Approve refund", "AwaitingApproval", assignee, null, At, At.AddHours(1), null, false, HumanTaskStatus.Open, null, null);

    private static SagaSnapshot Row(HumanTask? task, int minute = 0) => new()
    {
        SagaType = "TestRefundSaga",
        SagaId = Guid.Empty,
        State = "AwaitingApproval",
        IsFinal = false,
        Data = "{}",
        Version = 1,
        LastSequence = 1,
        Task = task,
        CreatedAt = At,
        UpdatedAt = At.AddMinutes(minute),
    };

    [Fact]
    public void Between_NoTaskBeforeOrAfter_IsEmpty()
    {
        Assert.Empty(HumanTaskChange.Between(Row(null), Row(null)));
        Assert.Empty(HumanTaskChange.Between(null, Row(null)));
    }

    [Fact]
    public void Between_NewSagaWithATask_CreatesIt()
    {
        var task = OpenTask();

        Assert.Equal([new HumanTaskChange(task, HumanTaskChangeKind.Created)], HumanTaskChange.Between(null, Row(task)));
    }

    [Fact]
    public void Between_SameTaskUnchanged_IsEmpty()
    {
        var task = OpenTask();

        Assert.Empty(HumanTaskChange.Between(Row(task), Row(task, minute: 5)));
    }

    [Fact]
    public void Between_OpenTaskReplacedByAnother_CancelsTheOldAtTheStepsTimeAndCreatesTheNew()
    {
        var old = OpenTask();
        var next = OpenTask("finance-lead");

        var changes = HumanTaskChange.Between(Row(old), Row(next, minute: 5));

        Assert.Equal(
            [
                new HumanTaskChange(old with { Status = HumanTaskStatus.Cancelled, ClosedAt = At.AddMinutes(5) }, HumanTaskChangeKind.Closed),
                new HumanTaskChange(next, HumanTaskChangeKind.Created),
            ],
            changes);
    }

    [Fact]
    public void Between_ClosedTaskReplacedByAnother_OnlyCreatesTheNew()
    {
        var old = OpenTask() with { Status = HumanTaskStatus.Approved, DecidedBy = "alice", ClosedAt = At };
        var next = OpenTask();

        Assert.Equal([new HumanTaskChange(next, HumanTaskChangeKind.Created)], HumanTaskChange.Between(Row(old), Row(next)));
    }

    [Fact]
    public void Between_OpenTaskEscalated_UpdatesIt()
    {
        var task = OpenTask();
        var escalated = task with { Assignee = "finance-lead", Escalated = true };

        Assert.Equal([new HumanTaskChange(escalated, HumanTaskChangeKind.Updated)], HumanTaskChange.Between(Row(task), Row(escalated)));
    }

    [Theory]
    [InlineData(HumanTaskStatus.Approved)]
    [InlineData(HumanTaskStatus.Rejected)]
    [InlineData(HumanTaskStatus.Expired)]
    public void Between_TaskClosedBySaga_ClosesIt(HumanTaskStatus status)
    {
        var task = OpenTask();
        var closed = task with { Status = status, ClosedAt = At.AddMinutes(1) };

        Assert.Equal([new HumanTaskChange(closed, HumanTaskChangeKind.Closed)], HumanTaskChange.Between(Row(task), Row(closed), decidedTaskId: status == HumanTaskStatus.Expired ? null : task.TaskId));
    }

    [Fact]
    public void Between_DecisionTurnedDown_ReopensTheUnchangedTask()
    {
        var task = OpenTask();

        Assert.Equal([new HumanTaskChange(task, HumanTaskChangeKind.Reopened)], HumanTaskChange.Between(Row(task), Row(task), decidedTaskId: task.TaskId));
    }

    [Fact]
    public void Between_LateDecisionOfAClosedTask_IsEmpty()
    {
        var expired = OpenTask() with { Status = HumanTaskStatus.Expired, ClosedAt = At };

        Assert.Empty(HumanTaskChange.Between(Row(expired), Row(expired), decidedTaskId: expired.TaskId));
    }

    [Fact]
    public void Between_DecisionOfAnotherTask_DoesNotReopenThisOne()
    {
        var task = OpenTask();

        Assert.Empty(HumanTaskChange.Between(Row(task), Row(task), decidedTaskId: Guid.NewGuid()));
    }
}
