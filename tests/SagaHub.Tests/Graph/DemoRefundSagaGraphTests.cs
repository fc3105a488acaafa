using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Refunds;
using SagaHub.Orders;

namespace SagaHub.Tests.Graph;

/// <summary>The demo's refund saga described: guarded start, a human task with escalation and expiry, a guarded reply and an ignore.</summary>
public class DemoRefundSagaGraphTests
{
    private static readonly RefundSagaOptions Options = new()
    {
        AutoApproveLimit = 250m,
        Approver = "approver",
        DecisionDue = TimeSpan.FromHours(5),
        EscalateTo = "boss",
        EscalationWindow = TimeSpan.FromHours(3),
        StepTimeout = TimeSpan.FromMinutes(9),
    };

    private readonly SagaGraph graph = new RefundSaga(Options).Describe();

    [Fact]
    public void Describe_RefundSaga_GuardsTheStartWithTheAutoApproveLimit()
    {
        var starts = graph.TransitionsFrom(null);

        Assert.Equal(2, starts.Count);
        Assert.All(starts, t => Assert.Equal(typeof(RefundRequested), t.MessageType));
        Assert.Equal("amount up to 250.00", starts[0].GuardReason);
        Assert.Equal("Refunding", starts[0].Target);
        Assert.False(starts[0].IsOtherwise);
        Assert.True(starts[1].IsOtherwise);
        Assert.Null(starts[1].GuardReason);
        Assert.True(starts[1].IsGuarded);
        Assert.Equal("AwaitingApproval", starts[1].Target);
    }

    [Fact]
    public void Describe_RefundSaga_DescribesTheHumanTask()
    {
        var awaiting = graph.FindState("AwaitingApproval");

        Assert.NotNull(awaiting);
        var task = awaiting.HumanTask;
        Assert.NotNull(task);
        Assert.Equal("Approve refund", task.Name);
        Assert.Equal("approver", task.Assignee);
        Assert.Equal(TimeSpan.FromHours(5), task.DueIn);
        Assert.Equal("boss", task.EscalateTo);
        Assert.Equal(TimeSpan.FromHours(3), task.ExpireAfterEscalation);
        Assert.True(task.CanExpire);
        Assert.Null(awaiting.Timeout);
    }

    [Fact]
    public void Describe_RefundSaga_ListsTheTaskOutcomes()
    {
        var outcomes = graph.TransitionsFrom("AwaitingApproval");

        Assert.Equal([SagaTriggerKind.TaskApproved, SagaTriggerKind.TaskRejected, SagaTriggerKind.TaskExpired], outcomes.Select(t => t.TriggerKind));
        Assert.Equal(["Approved", "Rejected", "Expired"], outcomes.Select(t => t.TriggerName));
        Assert.Equal(["Refunding", "Rejected", "Rejected"], outcomes.Select(t => t.Target));
        Assert.All(outcomes, t => Assert.Null(t.MessageType));
    }

    [Fact]
    public void Describe_RefundSaga_BranchesRefundIssuedOnReturnedLines()
    {
        var refunding = graph.TransitionsFrom("Refunding");

        Assert.Equal(["RefundIssued", "RefundIssued", "Fault<IssueRefund>", "Timeout"], refunding.Select(t => t.TriggerName));
        Assert.Equal("lines returned", refunding[0].GuardReason);
        Assert.Equal("Restocking", refunding[0].Target);
        Assert.True(refunding[1].IsOtherwise);
        Assert.Equal("Refunded", refunding[1].Target);
        Assert.Equal(typeof(CommandFault<IssueRefund>), refunding[2].MessageType);
        Assert.Equal("NeedsAttention", refunding[3].Target);
        Assert.Equal(TimeSpan.FromMinutes(9), graph.FindState("Refunding")?.Timeout);
    }

    [Fact]
    public void Describe_RefundSaga_IgnoresARedeliveredPaybackWhileRestocking()
    {
        var restocking = graph.FindState("Restocking");

        Assert.NotNull(restocking);
        Assert.Equal([typeof(RefundIssued)], restocking.IgnoredMessageTypes);
        Assert.Contains(graph.TransitionsFrom("Restocking"), t => t.MessageType == typeof(ItemsRestocked) && t.Target == "Refunded");
    }

    [Fact]
    public void Describe_RefundSaga_HasNoCompensation()
    {
        Assert.Null(graph.Compensation);
        Assert.DoesNotContain(graph.Transitions, t => t.StartsCompensation || t.CompensationState is not null || t.CompensationCommandTypes.Count > 0);
        Assert.DoesNotContain(graph.States, s => s.IsCompensating);
    }
}
