namespace SagaHub.Tests.Sagas;

public sealed record RequestRefund(Guid RefundId, decimal Amount);

public sealed record RefundWithdrawn(Guid RefundId);

public sealed record RefundIssued(Guid RefundId);

public sealed record IssueRefund(Guid RefundId, decimal Amount);

public sealed record NotifyEscalation(Guid RefundId, string To);

public enum TestRefundStatus
{
    AwaitingApproval,
    Approved,
    Refunded,
    Denied,
    Expired,
    Withdrawn,
}

public sealed class TestRefundData
{
    public decimal Amount { get; set; }
}

/// <summary>A human task: due in 48h, escalated once, expired 24h after escalation.</summary>
public sealed class TestRefundSaga : SagaDefinition<TestRefundData, TestRefundStatus>
{
    public const string TaskName = "Approve refund";

    public static readonly TimeSpan DueIn = TimeSpan.FromHours(48);

    public static readonly TimeSpan ExpireAfter = TimeSpan.FromHours(24);

    public TestRefundSaga()
    {
        Correlate<RequestRefund>(m => m.RefundId);
        Correlate<RefundWithdrawn>(m => m.RefundId);
        Correlate<RefundIssued>(m => m.RefundId);

        SendTo("payments", typeof(IssueRefund));
        SendTo("notifications", typeof(NotifyEscalation));

        Initially<RequestRefund>()
            .Then(ctx => ctx.Data.Amount = ctx.Message.Amount)
            .GoTo(TestRefundStatus.AwaitingApproval);

        During(TestRefundStatus.AwaitingApproval)
            .WaitForPerson(TaskName, t => t
                .AssignTo("finance")
                .DueIn(DueIn)
                .EscalateTo("finance-lead", ctx => ctx.Send(new NotifyEscalation(ctx.SagaId, "finance-lead")))
                .ExpireAfter(ExpireAfter))
            .OnApproved().GoTo(TestRefundStatus.Approved)
            .OnRejected().GoTo(TestRefundStatus.Denied)
            .OnExpired().GoTo(TestRefundStatus.Expired)
            .On<RefundWithdrawn>().GoTo(TestRefundStatus.Withdrawn);

        During(TestRefundStatus.Approved)
            .OnEnter(ctx => ctx.Send(new IssueRefund(ctx.SagaId, ctx.Data.Amount)))
            .On<RefundIssued>().GoTo(TestRefundStatus.Refunded);

        Final(TestRefundStatus.Refunded, TestRefundStatus.Denied, TestRefundStatus.Expired, TestRefundStatus.Withdrawn);
    }
}
