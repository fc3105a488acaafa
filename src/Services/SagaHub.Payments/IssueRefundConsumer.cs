using MassTransit;
using Microsoft.Extensions.Logging;
using SagaHub.Contracts.Payments;
using SagaHub.EntityFrameworkCore;

namespace SagaHub.Payments;

/// <summary>
/// Pays back (part of) a completed order for a refund request and publishes <see cref="RefundIssued"/>
/// through the outbox, once per idempotency key (a repeated command republishes it without paying
/// again). A refund above what is left of the order's charges faults with <see cref="LedgerConflictException"/>.
/// </summary>
/// <param name="inbox">The payments' inbox and outbox.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger.</param>
public sealed class IssueRefundConsumer(TransactionalInbox<PaymentsDbContext> inbox, TimeProvider time, ILogger<IssueRefundConsumer> logger) : IConsumer<IssueRefund>
{
    /// <summary>The consumer's name in the inbox.</summary>
    public const string InboxName = "payments.issue-refund";

    /// <inheritdoc />
    public async Task Consume(ConsumeContext<IssueRefund> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        (LedgerEntry Entry, bool Added)? issued = null;
        var handled = await inbox.RunAsync(context, InboxName, async (db, outbox) =>
        {
            var (entry, added) = await LedgerOperations.RecordAsync(db, LedgerEntryKind.Refund, message.OrderId, message.RefundId, message.Amount, message.IdempotencyKey, time.GetUtcNow(), context.CancellationToken).ConfigureAwait(false);
            issued = (entry, added);
            outbox.Publish(new RefundIssued(message.RefundId, entry.OrderId, entry.Amount, entry.IdempotencyKey));
        }).ConfigureAwait(false);
        if (handled && issued is var (entry, added))
        {
            logger.RefundIssued(message.RefundId, entry.OrderId, entry.Amount, entry.IdempotencyKey, added);
        }
    }
}
