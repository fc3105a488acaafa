using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SagaHub.Tests.Sagas;

namespace SagaHub.Tests;

/// <summary>
/// The task inbox on the in-memory store and bus: a decision closes the task and queues its message in one store
/// step, so of concurrent decisions exactly one is accepted, and a decision whose send fails is still delivered.
/// </summary>
public sealed class When_people_decide_one_task_at_once : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private readonly CommitWatcher commits = new();
    private ServiceProvider? provider;
    private volatile bool sendsOfDecisionsFail;

    private IServiceProvider Services => provider ?? throw new InvalidOperationException("Started in InitializeAsync.");

    private IHumanTaskInbox Inbox => Services.GetRequiredService<IHumanTaskInbox>();

    private InMemorySagaStore Store => (InMemorySagaStore)Services.GetRequiredService<ISagaStore>();

    public async Task InitializeAsync()
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<ISagaObserver>(commits);
        services.AddMassTransit(x =>
        {
            x.AddSagaHub(hub => hub.AddSaga<TestRefundSaga>().Configure(o => o.RunBackgroundServices = false));
            x.UsingInMemory((context, cfg) =>
            {
                cfg.ConfigureSend(send => send.UseExecute(c =>
                {
                    if (sendsOfDecisionsFail && c is SendContext<HumanTaskCompleted>)
                    {
                        throw new InvalidOperationException("The broker is unreachable.");
                    }
                }));
                cfg.ConfigureEndpoints(context);
            });
        });
        provider = services.BuildServiceProvider();
        await provider.GetRequiredService<IBusControl>().StartAsync();
    }

    public async Task DisposeAsync()
    {
        if (provider is not null)
        {
            await provider.GetRequiredService<IBusControl>().StopAsync();
            await provider.DisposeAsync();
        }
    }

    [Fact]
    public async Task Should_accept_exactly_one_of_ten_concurrent_decisions()
    {
        var (refundId, task) = await WaitingForApprovalAsync();
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var racing = Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            await gate.Task;
            var decide = i % 2 == 0 ? Inbox.ApproveAsync(task.TaskId, "approver" + i) : Inbox.RejectAsync(task.TaskId, "rejecter" + i);
            return await Record.ExceptionAsync(() => decide.WaitAsync(Patience));
        })).ToList();
        gate.SetResult();
        var errors = await Task.WhenAll(racing);

        Assert.Equal(1, errors.Count(e => e is null));
        Assert.All(errors.Where(e => e is not null), e => Assert.Equal(task.TaskId, Assert.IsType<HumanTaskNotOpenException>(e).TaskId));
        var winner = Array.IndexOf(errors, null);
        var decided = await commits.WaitAsync(c => c.SagaId == refundId && c.Snapshot?.State is nameof(TestRefundStatus.Approved) or nameof(TestRefundStatus.Denied), Patience);
        Assert.Equal(winner % 2 == 0 ? nameof(TestRefundStatus.Approved) : nameof(TestRefundStatus.Denied), decided.Snapshot!.State);
        var closed = await Inbox.GetAsync(task.TaskId);
        Assert.Equal(winner % 2 == 0 ? HumanTaskStatus.Approved : HumanTaskStatus.Rejected, closed!.Status);
        Assert.Equal((winner % 2 == 0 ? "approver" : "rejecter") + winner, closed.DecidedBy);
        // The decision's row was dispatched and marked so (the saga's own IssueRefund may still be on its way).
        Assert.DoesNotContain(await Store.GetUndispatchedAsync(DateTimeOffset.MaxValue, 100), e => e.Message.Message is HumanTaskCompleted);
    }

    [Fact]
    public async Task Should_keep_a_decision_whose_send_fails_and_deliver_it_by_the_sweep()
    {
        var (refundId, task) = await WaitingForApprovalAsync();
        sendsOfDecisionsFail = true;

        await Inbox.ApproveAsync(task.TaskId, "alice", "ok");

        Assert.Equal(HumanTaskStatus.Approved, (await Inbox.GetAsync(task.TaskId))!.Status);
        Assert.Equal(1, Store.PendingOutboxCount);
        Assert.Equal(nameof(TestRefundStatus.AwaitingApproval), (await Store.LoadAsync(nameof(TestRefundSaga), refundId))!.State);
        var second = await Assert.ThrowsAsync<HumanTaskNotOpenException>(() => Inbox.RejectAsync(task.TaskId, "bob"));
        Assert.Equal(HumanTaskStatus.Approved, second.Status);

        sendsOfDecisionsFail = false;
        var swept = await Services.GetRequiredService<IOutboxSweeper>().SweepAsync(TimeSpan.Zero);

        Assert.Equal(1, swept);
        var approved = await commits.WaitAsync(c => c.SagaId == refundId && c.Snapshot?.State == nameof(TestRefundStatus.Approved), Patience);
        Assert.Equal("alice", approved.Snapshot!.Task?.DecidedBy);
        Assert.Equal(HumanTaskStatus.Approved, (await Inbox.GetAsync(task.TaskId))!.Status);
    }

    [Fact]
    public async Task Should_refuse_a_decision_on_an_unknown_task_with_no_status()
    {
        var unknown = Guid.NewGuid();

        var error = await Assert.ThrowsAsync<HumanTaskNotOpenException>(() => Inbox.ApproveAsync(unknown, "alice"));

        Assert.Equal((unknown, (HumanTaskStatus?)null), (error.TaskId, error.Status));
        Assert.Equal(0, Store.PendingOutboxCount);
    }

    private async Task<(Guid RefundId, HumanTask Task)> WaitingForApprovalAsync()
    {
        var refundId = Guid.NewGuid();
        var waiting = commits.WaitAsync(c => c.SagaId == refundId && c.Snapshot?.State == nameof(TestRefundStatus.AwaitingApproval), Patience);
        await Services.GetRequiredService<IBus>().Publish(new RequestRefund(refundId, 120m));
        var task = (await waiting).Snapshot!.Task!;
        Assert.Equal(task, await Inbox.GetAsync(task.TaskId));
        return (refundId, task);
    }

    /// <summary>Completes waits on committed saga messages, as the commits happen (no polling).</summary>
    private sealed class CommitWatcher : ISagaObserver
    {
        private readonly Lock gate = new();
        private readonly List<SagaCommitted> seen = [];
        private readonly List<(Func<SagaCommitted, bool> Match, TaskCompletionSource<SagaCommitted> Done)> waiters = [];

        public void OnCommitted(SagaCommitted sagaEvent)
        {
            List<TaskCompletionSource<SagaCommitted>> done = [];
            lock (gate)
            {
                seen.Add(sagaEvent);
                foreach (var waiter in waiters.Where(w => w.Match(sagaEvent)).ToList())
                {
                    waiters.Remove(waiter);
                    done.Add(waiter.Done);
                }
            }

            done.ForEach(d => d.TrySetResult(sagaEvent));
        }

        public Task<SagaCommitted> WaitAsync(Func<SagaCommitted, bool> match, TimeSpan timeout)
        {
            lock (gate)
            {
                if (seen.FirstOrDefault(match) is { } already)
                {
                    return Task.FromResult(already);
                }

                var done = new TaskCompletionSource<SagaCommitted>(TaskCreationOptions.RunContinuationsAsynchronously);
                waiters.Add((match, done));
                return done.Task.WaitAsync(timeout);
            }
        }
    }
}
