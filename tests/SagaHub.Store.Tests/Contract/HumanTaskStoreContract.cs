using static SagaHub.Store.Tests.SagaStoreFixtures;

namespace SagaHub.Store.Tests.Contract;

/// <summary>
/// The <see cref="IHumanTaskStore"/> contract: the task rows saga commits write (as their
/// <see cref="SagaCommit.TaskChanges"/> say), the task inbox's reads, and decisions in one transaction.
/// </summary>
/// <typeparam name="TStore">The store under test.</typeparam>
public abstract class HumanTaskStoreContract<TStore> : SagaStoreContract<TStore>
    where TStore : IStoreUnderTest, new()
{
    /// <summary>The role under test.</summary>
    private IHumanTaskStore Tasks => Store;

    [Fact]
    public async Task GetTask_AfterEachCommit_ReturnsTheTaskAsOfTheLatestCommit()
    {
        var saga = Snapshot(Guid.NewGuid(), "AwaitingApproval", RefundSaga);
        var open = OpenTask(saga, "finance", T(3600)) with { EscalateTo = "finance-lead" };
        var started = await StartAsync(saga with { Task = open });
        Assert.Equal(open, await Tasks.GetTaskAsync(open.TaskId));

        var approved = open with { Status = HumanTaskStatus.Approved, DecidedBy = "alice", ClosedAt = T(120, 5) };
        await AdvanceAsync(started, started with { State = "Approved", Task = approved, UpdatedAt = T(120, 5) });

        Assert.Equal(approved, await Tasks.GetTaskAsync(open.TaskId));
        Assert.Empty(await Tasks.GetOpenTasksAsync("finance"));
    }

    [Fact]
    public async Task GetOpenTasks_ForAnAssigneeOrAll_ListsTheOpenTasksByDueTime()
    {
        async Task<HumanTask> WithTaskAsync(string assignee, DateTimeOffset dueAt, HumanTaskStatus status = HumanTaskStatus.Open)
        {
            var saga = Snapshot(Guid.NewGuid(), "AwaitingApproval", RefundSaga);
            var task = OpenTask(saga, assignee, dueAt) with { Status = status };
            await StartAsync(saga with { Task = task });
            return task;
        }

        var finance300 = await WithTaskAsync("finance", T(300));
        var finance100 = await WithTaskAsync("finance", T(100));
        var ops200 = await WithTaskAsync("ops", T(200));
        await WithTaskAsync("finance", T(50), HumanTaskStatus.Approved);
        await WithTaskAsync("ops", T(60), HumanTaskStatus.Expired);
        await StartAsync(Snapshot(Guid.NewGuid()));

        Assert.Equal([finance100, finance300], await Tasks.GetOpenTasksAsync("finance"));
        Assert.Equal([finance100, ops200, finance300], await Tasks.GetOpenTasksAsync(null));
        Assert.Empty(await Tasks.GetOpenTasksAsync("nobody"));
    }

    [Fact]
    public async Task GetTask_UnknownId_ReturnsNull()
    {
        var saga = Snapshot(Guid.NewGuid(), "AwaitingApproval", RefundSaga);
        await StartAsync(saga with { Task = OpenTask(saga, "finance", T(100)) });

        Assert.Null(await Tasks.GetTaskAsync(Guid.NewGuid()));
    }

    // ---- human task decisions --------------------------------------------------------------

    private static HumanTaskDecision Decide(HumanTask task, HumanTaskStatus status = HumanTaskStatus.Approved, string by = "alice", DateTimeOffset? at = null)
    {
        var when = at ?? T(30, 250);
        var message = new OutgoingMessage(Guid.NewGuid(), typeof(HumanTaskCompleted), new HumanTaskCompleted(task.SagaType, task.SagaId, task.TaskId, status == HumanTaskStatus.Approved, by, "comment"), "refund-saga");
        return new HumanTaskDecision(task.TaskId, status, by, when, new OutboxEntry(task.SagaType, task.SagaId, message, when));
    }

    private async Task<(SagaSnapshot Saga, HumanTask Task)> WaitingForAPersonAsync()
    {
        var saga = Snapshot(Guid.NewGuid(), sagaType: RefundSaga, state: "AwaitingApproval");
        var task = OpenTask(saga, "finance-manager", T(50));
        return (await StartAsync(saga with { Task = task }), task);
    }

    [Fact]
    public async Task TryDecideTask_OpenTask_ClosesItAndPutsItsMessageInTheOutbox()
    {
        var (saga, task) = await WaitingForAPersonAsync();
        var decision = Decide(task);

        var result = await Tasks.TryDecideTaskAsync(decision);

        Assert.Equal(new HumanTaskDecisionResult(true, HumanTaskStatus.Approved), result);
        Assert.Equal(task with { Status = HumanTaskStatus.Approved, DecidedBy = "alice", ClosedAt = decision.At }, await Tasks.GetTaskAsync(task.TaskId));
        Assert.Empty(await Tasks.GetOpenTasksAsync(null));
        var row = Assert.Single(await Store.GetUndispatchedAsync(T(1_000_000), 10));
        AssertOutbox(decision.Message, row);
        AssertSnapshot(saga, await Store.LoadAsync(RefundSaga, saga.SagaId), version: 1); // the saga row is the saga's to change
    }

    [Fact]
    public async Task TryDecideTask_UnknownTask_DecidesNothingAndWritesNothing()
    {
        await WaitingForAPersonAsync();
        var stranger = OpenTask(Snapshot(Guid.NewGuid(), sagaType: RefundSaga), "finance-manager", T(50));

        var result = await Tasks.TryDecideTaskAsync(Decide(stranger));

        Assert.Equal(new HumanTaskDecisionResult(false, null), result);
        Assert.Empty(await UndispatchedIdsAsync());
        Assert.Null(await Tasks.GetTaskAsync(stranger.TaskId));
    }

    [Fact]
    public async Task TryDecideTask_ClosedTask_ReturnsItsStatusAndWritesNothing()
    {
        var (saga, task) = await WaitingForAPersonAsync();
        var expired = task with { Status = HumanTaskStatus.Expired, ClosedAt = T(50) };
        await AdvanceAsync(saga, saga with { State = "Expired", UpdatedAt = T(50), Task = expired });

        var result = await Tasks.TryDecideTaskAsync(Decide(task, HumanTaskStatus.Rejected, by: "bob"));

        Assert.Equal(new HumanTaskDecisionResult(false, HumanTaskStatus.Expired), result);
        Assert.Equal(expired, await Tasks.GetTaskAsync(task.TaskId));
        Assert.Empty(await UndispatchedIdsAsync());
    }

    [Fact]
    public async Task TryDecideTask_ConcurrentOnOneTask_LetsExactlyOneWin()
    {
        const int contenders = 10;
        var (_, task) = await WaitingForAPersonAsync();
        var decisions = Enumerable.Range(0, contenders)
            .Select(i => Decide(task, i % 2 == 0 ? HumanTaskStatus.Approved : HumanTaskStatus.Rejected, by: "person" + i, at: T(30 + i)))
            .ToList();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racing = decisions.Select(decision => Task.Run(async () =>
        {
            await gate.Task;
            return await Tasks.TryDecideTaskAsync(decision).AsTask().WaitAsync(Patience);
        })).ToList();
        gate.SetResult();
        var results = await Task.WhenAll(racing);

        Assert.Equal(1, results.Count(r => r.Decided));
        var winner = decisions[Array.FindIndex(results, r => r.Decided)];
        Assert.Equal(winner.Status, results.Single(r => r.Decided).Status);
        Assert.All(results.Where(r => !r.Decided), r => Assert.Equal(winner.Status, r.Status));
        var stored = await Tasks.GetTaskAsync(task.TaskId);
        Assert.Equal((winner.Status, winner.By, (DateTimeOffset?)winner.At), (stored!.Status, stored.DecidedBy, stored.ClosedAt));
        Assert.Equal([winner.Message.Message.MessageId], await UndispatchedIdsAsync());
    }

    [Fact]
    public async Task MarkDispatched_DecidedMessage_IsNotSweptAgain()
    {
        var (_, task) = await WaitingForAPersonAsync();
        var decision = Decide(task);
        await Tasks.TryDecideTaskAsync(decision);

        await Store.MarkDispatchedAsync([decision.Message.Message.MessageId], T(31));

        Assert.Empty(await UndispatchedIdsAsync());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Commit_SagaApplyingTheDecision_LeavesTheTaskAsDecided(bool inSession)
    {
        var (saga, task) = await WaitingForAPersonAsync();
        var decision = Decide(task);
        await Tasks.TryDecideTaskAsync(decision);
        var decided = task with { Status = HumanTaskStatus.Approved, DecidedBy = "alice", ClosedAt = T(40) }; // the saga's own clock

        var commit = Commit(saga with { State = "Approved", LastSequence = 2, UpdatedAt = T(40), Task = decided }, 1, [Entry(2, "AwaitingApproval", "Approved", T(40), "Approved")], before: saga, decidedTaskId: task.TaskId);
        await CommitAsync(commit, inSession);

        Assert.Equal(decided, await Tasks.GetTaskAsync(task.TaskId));
        Assert.Equal(decided, (await Store.LoadAsync(RefundSaga, saga.SagaId))!.Task);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Commit_SagaTurningTheDecisionDown_LeavesTheTaskAsTheSagaHasIt(bool inSession)
    {
        var (saga, task) = await WaitingForAPersonAsync();
        await Tasks.TryDecideTaskAsync(Decide(task));

        // A guard turned the approval down: the step only records a rejected trigger, the task stays open.
        var commit = Commit(saga with { LastSequence = 2, UpdatedAt = T(40) }, 1, [Entry(2, "AwaitingApproval", "AwaitingApproval", T(40), "HumanTaskCompleted", SagaHistoryKind.Rejected)], before: saga, decidedTaskId: task.TaskId);
        Assert.Equal([new HumanTaskChange(task, HumanTaskChangeKind.Reopened)], commit.TaskChanges); // unchanged, but the decision closed its row
        await CommitAsync(commit, inSession);

        Assert.Equal(task, await Tasks.GetTaskAsync(task.TaskId));
        Assert.Equal([task.TaskId], (await Tasks.GetOpenTasksAsync("finance-manager")).Select(t => t.TaskId));
        Assert.True((await Tasks.TryDecideTaskAsync(Decide(task, HumanTaskStatus.Rejected, by: "bob", at: T(41)))).Decided);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Commit_SagaExpiringTheTaskAfterADecision_LeavesItExpired(bool inSession)
    {
        var (saga, task) = await WaitingForAPersonAsync();
        await Tasks.TryDecideTaskAsync(Decide(task));

        // The expiry reached the saga before the decision: the saga closes the task as Expired ...
        var expired = task with { Status = HumanTaskStatus.Expired, ClosedAt = T(50) };
        var expiry = Commit(saga with { State = "Expired", LastSequence = 2, UpdatedAt = T(50), Task = expired }, 1, [Entry(2, "AwaitingApproval", "Expired", T(50), "Expired")], before: saga);
        await CommitAsync(expiry, inSession);
        Assert.Equal(expired, await Tasks.GetTaskAsync(task.TaskId));

        // ... and then turns the late decision down, the task unchanged.
        var stored = await LoadRequiredAsync(saga);
        var late = Commit(stored with { LastSequence = 3, UpdatedAt = T(51) }, 2, [Entry(3, "Expired", "Expired", T(51), "HumanTaskCompleted", SagaHistoryKind.Rejected)], before: stored, decidedTaskId: task.TaskId);
        await CommitAsync(late, inSession);

        Assert.Equal(expired, await Tasks.GetTaskAsync(task.TaskId));
        Assert.Empty(await Tasks.GetOpenTasksAsync(null));
    }

    [Fact]
    public async Task Commit_LaterCommitNotTouchingTheTask_KeepsTheDecision()
    {
        var (saga, task) = await WaitingForAPersonAsync();
        await Tasks.TryDecideTaskAsync(Decide(task));

        // Another message reached the saga before the decision (its state ignores it): the task is not written.
        var ignored = Commit(saga with { LastSequence = 2, UpdatedAt = T(35) }, 1, [Entry(2, "AwaitingApproval", "AwaitingApproval", T(35), "Ping", SagaHistoryKind.Ignored)], before: saga);
        Assert.Empty(ignored.TaskChanges);
        await Store.CommitAsync(ignored);

        Assert.Equal(HumanTaskStatus.Approved, (await Tasks.GetTaskAsync(task.TaskId))!.Status);
        Assert.False((await Tasks.TryDecideTaskAsync(Decide(task, HumanTaskStatus.Rejected, by: "bob"))).Decided);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Commit_EscalationAfterADecision_KeepsTheDecision(bool inSession)
    {
        // The fault suite's hosts-3: the escalation timeout and an approval raced; the escalation's commit wrote the
        // saga's "Open" over the decision's close, and a second decision of the same task was accepted.
        var (saga, task) = await WaitingForAPersonAsync();
        await Tasks.TryDecideTaskAsync(Decide(task));

        var escalated = task with { Assignee = "finance-director", Escalated = true };
        var escalation = Commit(saga with { LastSequence = 2, UpdatedAt = T(45), Task = escalated }, 1, [Entry(2, "AwaitingApproval", "AwaitingApproval", T(45), "Timeout", SagaHistoryKind.TaskEscalated)], before: saga);
        Assert.Equal([new HumanTaskChange(escalated, HumanTaskChangeKind.Updated)], escalation.TaskChanges);
        await CommitAsync(escalation, inSession);

        var stored = await Tasks.GetTaskAsync(task.TaskId);
        Assert.Equal((HumanTaskStatus.Approved, "alice", "finance-director", true), (stored!.Status, stored.DecidedBy, stored.Assignee, stored.Escalated));
        Assert.False((await Tasks.TryDecideTaskAsync(Decide(task, HumanTaskStatus.Rejected, by: "bob", at: T(46)))).Decided);
        Assert.Empty(await Tasks.GetOpenTasksAsync(null));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Commit_TaskReplacedByANewOne_ListsOnlyTheNewOneAsOpen(bool inSession)
    {
        var saga = Snapshot(Guid.NewGuid(), sagaType: RefundSaga, state: "AwaitingApproval");
        var first = OpenTask(saga, "finance-manager", T(50));
        var started = await StartAsync(saga with { Task = first });
        var second = OpenTask(saga, "finance-manager", T(90), name: "Approve again");

        var commit = Commit(started with { LastSequence = 2, UpdatedAt = T(20), Task = second }, 1, [Entry(2, "AwaitingApproval", "AwaitingApproval", T(20), "Rework")], before: started);
        await CommitAsync(commit, inSession);

        Assert.Equal([second.TaskId], (await Tasks.GetOpenTasksAsync("finance-manager")).Select(t => t.TaskId));
    }
}
