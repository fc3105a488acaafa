using System.Globalization;
using SagaHub.Contracts;
using SagaHub.Contracts.Inventory;
using SagaHub.Contracts.Notifications;
using SagaHub.Contracts.Payments;
using SagaHub.Contracts.Refunds;

namespace SagaHub.Orders;

/// <summary>
/// A refund on a completed order: small ones at once, larger ones after a person approves, with escalation and expiry;
/// the payback first, then the restock of the lines the customer returned (none: no restock).
/// </summary>
public sealed class RefundSaga : SagaDefinition<RefundData, RefundStatus>
{
    /// <summary>Creates the saga with the default rules (auto-approve up to 100.00, 48 h + 24 h to decide).</summary>
    public RefundSaga()
        : this(new RefundSagaOptions())
    {
    }

    /// <summary>Creates the saga.</summary>
    /// <param name="options">Approval rules and time limits.</param>
    public RefundSaga(RefundSagaOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var limit = options.AutoApproveLimit.ToString("0.00", CultureInfo.InvariantCulture);
        CorrelateBy(nameof(RefundRequested.RefundId));
        SendTo(Queues.Payments, typeof(IssueRefund));
        SendTo(Queues.Inventory, typeof(RestockItems));
        SendTo(Queues.Notifications, typeof(SendNotification));

        Initially<RefundRequested>()
            .If(ctx => ctx.Message.Amount <= options.AutoApproveLimit, $"amount up to {limit}")
            .Then(ctx => ctx.Data.Accept(ctx.Message))
            .Then(ctx => ctx.Data.ApprovedBy = "auto")
            .GoTo(RefundStatus.Refunding)
            .On<RefundRequested>().Otherwise()
            .Then(ctx => ctx.Data.Accept(ctx.Message))
            .GoTo(RefundStatus.AwaitingApproval);

        During(RefundStatus.AwaitingApproval)
            .WaitForPerson("Approve refund", task => task
                .AssignTo(options.Approver)
                .DueIn(options.DecisionDue)
                .EscalateTo(options.EscalateTo, ctx => ctx.Send(new SendNotification(
                    ctx.SagaId, options.EscalateTo, "Refund waiting for approval", $"Refund of {ctx.Data.Amount:0.00} on order {ctx.Data.OrderId} was not decided in time.")))
                .ExpireAfter(options.EscalationWindow))
            .OnApproved().Then(ctx => ctx.Data.ApprovedBy = ctx.Message.By).GoTo(RefundStatus.Refunding)
            .OnRejected().Then(ctx => ctx.Data.Reason = $"rejected by {ctx.Message.By}").GoTo(RefundStatus.Rejected)
            .OnExpired().Then(ctx => ctx.Data.Reason = "not decided in time").GoTo(RefundStatus.Rejected);

        // Pay back first; only money paid back lets the returned lines go back on hand.
        During(RefundStatus.Refunding)
            .OnEnter(ctx => ctx.Send(new IssueRefund(ctx.SagaId, ctx.Data.OrderId, ctx.Data.Amount, RefundData.PaybackKey(ctx.SagaId))))
            .On<RefundIssued>().If(ctx => ctx.Data.ReturnedLines.Count > 0, "lines returned").GoTo(RefundStatus.Restocking)
            .On<RefundIssued>().Otherwise().GoTo(RefundStatus.Refunded)
            .OnFault<IssueRefund>().Then(ctx => ctx.Data.Reason = "payback failed: " + Why(ctx.Message)).GoTo(RefundStatus.NeedsAttention)
            .Timeout(options.StepTimeout).Then(ctx => ctx.Data.Reason = "payback not confirmed in time").GoTo(RefundStatus.NeedsAttention);

        During(RefundStatus.Restocking)
            .OnEnter(ctx => ctx.Send(new RestockItems(ctx.SagaId, ctx.Data.OrderId, ctx.Data.ReturnedLines)))
            .On<ItemsRestocked>().GoTo(RefundStatus.Refunded)
            .Ignore<RefundIssued>() // a redelivered payback answer: already paid
            .OnFault<RestockItems>().Then(ctx => ctx.Data.Reason = "restock failed: " + Why(ctx.Message)).GoTo(RefundStatus.NeedsAttention)
            .Timeout(options.StepTimeout).Then(ctx => ctx.Data.Reason = "restock not confirmed in time").GoTo(RefundStatus.NeedsAttention);

        During(RefundStatus.Refunded)
            .OnEnter(ctx => ctx.Publish(new RefundCompleted(ctx.SagaId, ctx.Data.OrderId, ctx.Data.Amount)));
        During(RefundStatus.Rejected)
            .OnEnter(ctx => ctx.Publish(new RefundRejected(ctx.SagaId, ctx.Data.OrderId, ctx.Data.Reason ?? "rejected")))
            .OnEnter(ctx => ctx.Send(new SendNotification(ctx.SagaId, ctx.Data.CustomerId, "Your refund was declined", ctx.Data.Reason ?? "rejected")));
        During(RefundStatus.NeedsAttention)
            .OnEnter(ctx => ctx.Publish(new RefundNeedsAttention(ctx.SagaId, ctx.Data.OrderId, ctx.Data.Reason ?? "unknown")));
        Final(RefundStatus.Refunded, RefundStatus.Rejected);
        Parked(RefundStatus.NeedsAttention);
        Searchable("customerId", d => d.CustomerId);
        Searchable("orderId", d => d.OrderId);
    }

    /// <summary>What the service said when it gave up on a command: its exception's message.</summary>
    private static string Why<TCommand>(CommandFault<TCommand> fault)
        where TCommand : class => fault.Exceptions.FirstOrDefault()?.Message ?? "the service gave up";
}
